package org.tsunagu.wallet.credentials;

import java.util.HashSet;
import java.util.List;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import org.junit.jupiter.api.Test;
import org.tsunagu.wallet.WalletException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which disclosures a query needs, and the commitments every kept credential must keep. */
class SdJwtVcTest {

	static final TestCertificates.Issued ISSUER = TestCertificates.service(TestCertificates.ca("Test CA"), "Issuer", "issuer.example");

	final String age = TestIssuers.issue(ISSUER, TestIssuers.AGE, TestIssuers.katsukoAge(), TestCertificates.key());

	final String pid = TestIssuers.issue(ISSUER, TestIssuers.PID, TestIssuers.katsukoPid(), TestCertificates.key());

	@Test
	void disclosuresForWhenOneTopLevelClaimThenOnlyItsDisclosure() {
		SdJwtVc credential = SdJwtVc.parse(this.age);
		List<String> chosen = credential.disclosuresFor(List.of(List.of("age_over_20"))).orElseThrow();
		assertThat(chosen).hasSize(1);
		assertThat(credential.claims(new HashSet<>(chosen)).toString()).isEqualTo("{\"age_over_20\":true}");
	}

	@Test
	void disclosuresForWhenNestedClaimThenTheMemberAndItsObjectOnly() {
		SdJwtVc credential = SdJwtVc.parse(this.pid);
		List<String> chosen = credential.disclosuresFor(List.of(List.of("address", "locality"))).orElseThrow();
		assertThat(chosen).hasSize(2);
		assertThat(credential.claims(new HashSet<>(chosen)).toString()).isEqualTo("{\"address\":{\"locality\":\"千代田区\"}}");
	}

	@Test
	void disclosuresForWhenAnObjectThenTheWholeObject() {
		SdJwtVc credential = SdJwtVc.parse(this.pid);
		List<String> chosen = credential.disclosuresFor(List.of(List.of("address"))).orElseThrow();
		assertThat(chosen).hasSize(4);
		assertThat(SdJwtVc.names(credential.claims(new HashSet<>(chosen))))
			.containsExactly("address.formatted", "address.region", "address.locality");
	}

	@Test
	void disclosuresForWhenTwoPathsShareAnObjectThenItsDisclosureOnce() {
		SdJwtVc credential = SdJwtVc.parse(this.pid);
		List<String> chosen = credential.disclosuresFor(List.of(List.of("family_name"), List.of("address", "region"),
				List.of("address", "locality"))).orElseThrow();
		assertThat(chosen).hasSize(4).doesNotHaveDuplicates();
	}

	@Test
	void disclosuresForWhenTheClaimIsNotThereThenNone() {
		assertThat(SdJwtVc.parse(this.age).disclosuresFor(List.of(List.of("family_name")))).isEmpty();
		assertThat(SdJwtVc.parse(this.pid).disclosuresFor(List.of(List.of("address", "postal_code")))).isEmpty();
		assertThat(SdJwtVc.parse(this.pid).disclosuresFor(List.of(List.of("family_name", "x")))).isEmpty();
		assertThat(SdJwtVc.parse(this.pid).disclosuresFor(List.of(List.of("_sd")))).isEmpty();
	}

	@Test
	void disclosuresForWhenAPlainClaimThenNoDisclosure() {
		assertThat(SdJwtVc.parse(this.age).disclosuresFor(List.of(List.of("vct")))).contains(List.of());
	}

	@Test
	void presentWhenDisclosuresChosenThenIssuerJwtAndThemEachEndedByTilde() {
		SdJwtVc credential = SdJwtVc.parse(this.age);
		String presented = credential.present(credential.disclosuresFor(List.of(List.of("age_over_20"))).orElseThrow());
		SDJWT parsed = SDJWT.parse(presented);
		assertThat(presented).endsWith("~").startsWith(this.age.substring(0, this.age.indexOf('~') + 1));
		assertThat(parsed.getDisclosures()).extracting(Disclosure::getClaimName).containsExactly("age_over_20");
	}

	@Test
	void claimsWhenAllDisclosedThenEveryClaimAndNoEnvelope() {
		assertThat(SdJwtVc.names(SdJwtVc.parse(this.pid).claims())).containsExactly("family_name", "given_name", "birthdate",
				"address.formatted", "address.region", "address.locality");
	}

	@Test
	void parseWhenADisclosureWasNotSignedThenRefused() {
		String added = this.age + new Disclosure("age_over_13", true).getDisclosure() + "~";
		assertThatThrownBy(() -> SdJwtVc.parse(added)).isInstanceOf(WalletException.class).hasMessageContaining("not one the issuer signed");
	}

	@Test
	void parseWhenADisclosureIsRepeatedThenRefused() {
		String first = this.age.split("~")[1];
		assertThatThrownBy(() -> SdJwtVc.parse(this.age + first + "~")).isInstanceOf(WalletException.class)
			.hasMessageContaining("twice");
	}

	@Test
	void parseWhenNotAnSdJwtThenOneSentence() {
		assertThatThrownBy(() -> SdJwtVc.parse("not.a.jwt~")).isInstanceOf(WalletException.class).hasMessageContaining("not an SD-JWT");
		assertThatThrownBy(() -> SdJwtVc.parse("")).isInstanceOf(WalletException.class);
	}

}
