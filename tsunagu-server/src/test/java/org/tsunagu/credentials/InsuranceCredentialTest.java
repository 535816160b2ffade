package org.tsunagu.credentials;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectDecoder;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.eligibility.TestOrganisations;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health insurance qualification in the wallet: drawn from the one coverage current today, with the symbol,
 * number and branch only where the insurer allows them; revoked when the insurer changes the coverage; refused
 * while two coverages overlap or when there is none.
 */
@TsunaguTest
class InsuranceCredentialTest {

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	TestHolder.Person katsuko;

	TestOrganisations.Org insurer;

	@BeforeEach
	void setUp() throws Exception {
		this.katsuko = TestHolder.Person.enrol(this.api, this.dir, "大手町1-");
		this.insurer = TestOrganisations.register(this.api, "insurer", "Sakura Health Insurance Society", digits(),
				"coverage:write");
	}

	static String digits() {
		String t = Long.toString(System.nanoTime());
		return "06" + t.substring(t.length() - 6);
	}

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	HttpResponse<String> cover(TestOrganisations.Org org, String memberKey, boolean numberInCredentials) throws Exception {
		String body = TestOrganisations.coverage(this.katsuko.individualNumber(), "2026-04-01", null, "0.3");
		body = body.substring(0, body.lastIndexOf('}')) + ",\"numberInCredentials\":" + numberInCredentials + "}";
		HttpResponse<String> put = org.send("PUT", "/api/v1/coverage/members/" + memberKey, body);
		assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
		return put;
	}

	static Map<String, Object> claims(String credential) throws Exception {
		SDJWT sdJwt = SDJWT.parse(credential);
		return new SDObjectDecoder().decode(SignedJWT.parse(sdJwt.getCredentialJwt()).getJWTClaimsSet().getClaims(),
				sdJwt.getDisclosures());
	}

	HttpResponse<String> offer() throws Exception {
		return this.katsuko.wallet().postJson(origin() + "/api/v1/me/credential-offers",
				TestHolder.JSON.writeValueAsString(Map.of("credentials", List.of("tsunagu_insurance"))));
	}

	@Test
	void insuranceCredentialWhenInsurerAllowsTheNumberThenCarriesItAndIsRevokedWhenCoverageChanges() throws Exception {
		cover(this.insurer, "S-1", true);
		List<String> taken = new ArrayList<>();
		TestHolder.take(this.katsuko.wallet(), origin(), "tsunagu_insurance", 1, taken);
		Map<String, Object> claims = claims(taken.get(0));
		assertThat(claims).containsEntry("insurer_number", this.insurer.identifier())
			.containsEntry("insurer_name#en", "Sakura Health Insurance Society")
			.containsEntry("insurance_symbol", "記号12")
			.containsEntry("insurance_number", "345")
			.containsEntry("insurance_branch", "01")
			.containsEntry("valid_from", "2026-04-01")
			.containsEntry("birthdate", "1984-04-02")
			.doesNotContainKey("valid_until");
		assertThat(((Number) claims.get("copayment_ratio")).doubleValue()).isEqualTo(0.3);
		assertThat(SignedJWT.parse(SDJWT.parse(taken.get(0)).getCredentialJwt()).getJWTClaimsSet().getStringClaim("vct"))
			.isEqualTo(origin() + "/credentials/types/health-insurance");
		assertThat(this.api.get("/credentials/types/health-insurance").body()).contains("保険者番号", "Co-payment ratio");

		// the insurer withdraws its permission: the credential is revoked, and a new one has no symbol or number
		cover(this.insurer, "S-1", false);
		assertThat(this.jdbc.sql("SELECT revoked_reason FROM issued_credential WHERE resident_id = ? AND configuration = 'tsunagu_insurance'")
			.param(java.util.UUID.fromString(this.katsuko.residentId()))
			.query(String.class)
			.list()).containsExactly("coverage-changed");
		List<String> again = new ArrayList<>();
		TestHolder.take(this.katsuko.wallet(), origin(), "tsunagu_insurance", 1, again);
		assertThat(claims(again.get(0))).containsEntry("insurer_number", this.insurer.identifier())
			.doesNotContainKeys("insurance_symbol", "insurance_number", "insurance_branch");
		assertThat(SDJWT.parse(again.get(0)).getDisclosures().toString()).doesNotContain("記号12");
	}

	@Test
	void insuranceCredentialWhenNoCoverageOrTwoThenOfferRefusedAndNothingWritten() throws Exception {
		HttpResponse<String> none = offer();
		assertThat(none.statusCode()).isEqualTo(409);
		assertThat(none.body()).contains("credential-not-applicable", "No health insurance coverage");

		cover(this.insurer, "S-2", true);
		TestOrganisations.Org second = TestOrganisations.register(this.api, "insurer", "Ume Mutual Aid", digits(),
				"coverage:write");
		cover(second, "U-2", true);
		HttpResponse<String> two = offer();
		assertThat(two.statusCode()).isEqualTo(409);
		assertThat(two.body()).contains("More than one health insurance coverage").doesNotContain("Exception");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM credential_offer WHERE resident_id = ?")
			.param(java.util.UUID.fromString(this.katsuko.residentId()))
			.query(Long.class)
			.single()).isZero();
	}

}
