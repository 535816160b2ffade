package org.tsunagu.credentials.issuer;

import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.tsunagu.registry.ResidentFacts;

/**
 * The credentials this issuer offers, each an SD-JWT VC type ({@code vct}) whose every claim is selectively
 * disclosable: the person identification data (names as written and their readings, birth date, address) and an
 * age credential that says only whether the holder is over 18, 20 and 65.
 */
public final class CredentialConfigurations {

	/** Changes to the registry that make the credential's claims stale. */
	public enum Depends {
		NAME, ADDRESS
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
			"本人確認情報", "high", List.of(Depends.NAME, Depends.ADDRESS),
			List.of(new Claim(List.of("family_name"), "Family name", "氏"), new Claim(List.of("given_name"), "Given name", "名"),
					new Claim(List.of("family_name#ja-Kana-JP"), "Family name (reading)", "氏（フリガナ）"),
					new Claim(List.of("given_name#ja-Kana-JP"), "Given name (reading)", "名（フリガナ）"),
					new Claim(List.of("birthdate"), "Date of birth", "生年月日"), new Claim(List.of("address"), "Address", "住所"),
					new Claim(List.of("address", "formatted"), "Address", "住所"),
					new Claim(List.of("address", "postal_code"), "Postcode", "郵便番号"),
					new Claim(List.of("address", "region"), "Prefecture or region", "都道府県"),
					new Claim(List.of("address", "locality"), "City or town", "市区町村"),
					new Claim(List.of("address", "street_address"), "Street address", "町名・番地"),
					new Claim(List.of("address", "country"), "Country", "国")));

	public static final Configuration AGE = new Configuration("tsunagu_age", "age", "Age", "年齢確認", "substantial",
			List.of(), List.of(new Claim(List.of("age_over_18"), "Over 18", "18歳以上"),
					new Claim(List.of("age_over_20"), "Over 20", "20歳以上"),
					new Claim(List.of("age_over_65"), "Over 65", "65歳以上")));

	public static final List<Configuration> ALL = List.of(PID, AGE);

	private static final int[] AGES = { 18, 20, 65 };

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

	/**
	 * The claims of a configuration for a resident on a day, top level first; an object's members are claims of
	 * their own (a nested map). Absent facts are left out.
	 */
	static Map<String, Object> claims(Configuration configuration, ResidentFacts facts, LocalDate today) {
		Map<String, Object> claims = new LinkedHashMap<>();
		if (configuration == PID) {
			put(claims, "family_name", facts.familyName());
			put(claims, "given_name", facts.givenName());
			put(claims, "family_name#ja-Kana-JP", facts.familyReading());
			put(claims, "given_name#ja-Kana-JP", facts.givenReading());
			put(claims, "birthdate", facts.birthDate().toString());
			Map<String, Object> address = new LinkedHashMap<>();
			put(address, "formatted", facts.address());
			ResidentFacts.PostalAddress postal = facts.postal();
			if (postal != null) {
				put(address, "postal_code", postal.postalCode());
				put(address, "region", postal.region());
				put(address, "locality", postal.locality());
				put(address, "street_address", postal.streetAddress());
				put(address, "country", postal.country());
			}
			if (!address.isEmpty()) {
				claims.put("address", address);
			}
		}
		else if (configuration == AGE) {
			int age = Period.between(facts.birthDate(), today).getYears();
			for (int over : AGES) {
				claims.put("age_over_" + over, age >= over);
			}
		}
		return claims;
	}

	/**
	 * The last day the age claims hold: the day before the next birthday that crosses one of the ages, or
	 * {@code null} when the holder is past them all.
	 */
	static LocalDate ageClaimsValidUntil(LocalDate birthDate, LocalDate today) {
		for (int over : AGES) {
			LocalDate reached = birthDate.plusYears(over);
			if (reached.isAfter(today)) {
				return reached.minusDays(1);
			}
		}
		return null;
	}

	private static void put(Map<String, Object> claims, String name, Object value) {
		if (value != null && !(value instanceof String s && s.isBlank())) {
			claims.put(name, value);
		}
	}

}
