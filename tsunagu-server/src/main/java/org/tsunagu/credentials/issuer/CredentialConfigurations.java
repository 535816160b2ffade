package org.tsunagu.credentials.issuer;

import java.util.List;
import java.util.Optional;

import org.tsunagu.registry.ResidentFacts;

/**
 * The credentials this issuer offers, each an SD-JWT VC type ({@code vct}) whose every claim is selectively
 * disclosable: the person identification data (names as written and their readings, birth date, address) and an
 * age credential that says only whether the holder is over 18, 20 and 65.
 */
public final class CredentialConfigurations {

	/**
	 * Facts of the registry a credential carries: a change to one makes the credential's claims stale, and while
	 * an operator corrects one the credential waits.
	 */
	public enum Depends {

		NAME("name"), ADDRESS("address"), BIRTH_DATE("birthDate"), NATIONALITY("nationality"), RESIDENCE("residence"),

		/** The health insurance coverage an insurer records (not a fact of the registry: never under correction). */
		COVERAGE("coverage");

		private final String fact;

		Depends(String fact) {
			this.fact = fact;
		}

		/** The fact's name in the registry (as a correction names it). */
		public String fact() {
			return this.fact;
		}

	}

	/** How a claim is shown in a wallet: its path in the credential and its name in English and Japanese. */
	public record Claim(List<String> path, String en, String ja) {
	}

	/**
	 * One credential configuration.
	 * @param type the last segment of the {@code vct} URL (under {@code /credentials/types/})
	 * @param minimumLevel the level of the sign-in that may offer it
	 */
	public record Configuration(String id, String type, String en, String ja, String minimumLevel, List<Depends> depends,
			List<Claim> claims) {

		/** The OAuth scope that lets a wallet take it: its id. */
		public String scope() {
			return this.id;
		}

	}

	public static final Configuration PID = new Configuration("tsunagu_pid", "pid", "Personal identification",
			"本人確認情報", "high", List.of(Depends.NAME, Depends.ADDRESS, Depends.BIRTH_DATE, Depends.NATIONALITY),
			List.of(new Claim(List.of("family_name"), "Family name", "氏"), new Claim(List.of("given_name"), "Given name", "名"),
					new Claim(List.of("family_name#ja-Kana-JP"), "Family name (reading)", "氏（フリガナ）"),
					new Claim(List.of("given_name#ja-Kana-JP"), "Given name (reading)", "名（フリガナ）"),
					new Claim(List.of("birthdate"), "Date of birth", "生年月日"),
					new Claim(List.of("nationalities"), "Nationality", "国籍"), new Claim(List.of("address"), "Address", "住所"),
					new Claim(List.of("address", "formatted"), "Address", "住所"),
					new Claim(List.of("address", "postal_code"), "Postcode", "郵便番号"),
					new Claim(List.of("address", "region"), "Prefecture or region", "都道府県"),
					new Claim(List.of("address", "locality"), "City or town", "市区町村"),
					new Claim(List.of("address", "street_address"), "Street address", "町名・番地"),
					new Claim(List.of("address", "country"), "Country", "国")));

	public static final Configuration AGE = new Configuration("tsunagu_age", "age", "Age", "年齢確認", "substantial",
			List.of(Depends.BIRTH_DATE), List.of(new Claim(List.of("age_over_18"), "Over 18", "18歳以上"),
					new Claim(List.of("age_over_20"), "Over 20", "20歳以上"),
					new Claim(List.of("age_over_65"), "Over 65", "65歳以上")));

	/** What a foreign resident's residence card carries: who, nationality, status of residence, period, work. */
	public static final Configuration RESIDENCE = new Configuration("tsunagu_residence", "residence", "Residence status",
			"在留資格", "high", List.of(Depends.NAME, Depends.BIRTH_DATE, Depends.NATIONALITY, Depends.RESIDENCE),
			List.of(new Claim(List.of("family_name"), "Family name", "氏"), new Claim(List.of("given_name"), "Given name", "名"),
					new Claim(List.of("birthdate"), "Date of birth", "生年月日"),
					new Claim(List.of("nationalities"), "Nationality", "国籍・地域"),
					new Claim(List.of("residence_status"), "Status of residence", "在留資格"),
					new Claim(List.of("period_of_stay"), "Period of stay", "在留期間"),
					new Claim(List.of("stay_until"), "Period of stay ends", "在留期間満了日"),
					new Claim(List.of("work_permission"), "Permission to work", "就労制限の有無")));

	/**
	 * The health insurance qualification the card replaced: who, the insurer, the symbol, number and branch only as
	 * the insurer allows, the co-payment ratio and the validity.
	 */
	public static final Configuration INSURANCE = new Configuration("tsunagu_insurance", "health-insurance",
			"Health insurance qualification", "健康保険の資格", "high",
			List.of(Depends.NAME, Depends.BIRTH_DATE, Depends.COVERAGE),
			List.of(new Claim(List.of("family_name"), "Family name", "氏"), new Claim(List.of("given_name"), "Given name", "名"),
					new Claim(List.of("birthdate"), "Date of birth", "生年月日"),
					new Claim(List.of("insurer_number"), "Insurer number", "保険者番号"),
					new Claim(List.of("insurer_name"), "Insurer", "保険者名称"),
					new Claim(List.of("insurance_symbol"), "Symbol", "記号"),
					new Claim(List.of("insurance_number"), "Number", "番号"),
					new Claim(List.of("insurance_branch"), "Branch number", "枝番"),
					new Claim(List.of("copayment_ratio"), "Co-payment ratio", "一部負担金の割合"),
					new Claim(List.of("valid_from"), "Valid from", "資格取得年月日"),
					new Claim(List.of("valid_until"), "Valid until", "有効期限")));

	public static final List<Configuration> ALL = List.of(PID, AGE, RESIDENCE, INSURANCE);

	private CredentialConfigurations() {
	}

	public static Optional<Configuration> byId(String id) {
		return ALL.stream().filter((c) -> c.id().equals(id)).findFirst();
	}

	public static Optional<Configuration> byType(String type) {
		return ALL.stream().filter((c) -> c.type().equals(type)).findFirst();
	}

	/** The configurations whose claims a change of {@code what} makes stale. */
	public static List<String> dependingOn(Depends what) {
		return ALL.stream().filter((c) -> c.depends().contains(what)).map(Configuration::id).toList();
	}

	/** The facts of the registry that a configuration's claims are drawn from and that an operator is correcting. */
	public static List<String> underCorrection(Configuration configuration, ResidentFacts facts) {
		return configuration.depends()
			.stream()
			.map(Depends::fact)
			.filter(facts.underCorrection()::contains)
			.toList();
	}

}
