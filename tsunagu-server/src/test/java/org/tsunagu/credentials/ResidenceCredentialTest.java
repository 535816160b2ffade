package org.tsunagu.credentials;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectDecoder;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A foreign resident's residence credential (what Japan's residence card carries: status of residence, period of
 * stay, permission to work, nationality), drawn from the registry's life events; revoked when the status changes;
 * and deferred issuance (OpenID4VCI section 9) while an operator corrects a fact a credential carries.
 */
@TsunaguTest
class ResidenceCredentialTest {

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	TestHolder.Person lan;

	String stayUntil = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusYears(2).toString();

	@BeforeEach
	void setUp() throws Exception {
		this.lan = TestHolder.Person.enrolAs(this.api, this.dir, TestResidents.lanFromVietnam());
		TestApi.Response recorded = event(this.lan.residentId(),
				TestResidents.residence("engineer-humanities-international-services", this.stayUntil, "within-status"));
		assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
	}

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	TestApi.Response event(String resident, String body) {
		return this.api.postJson("/api/v1/residents/" + resident + "/events", body);
	}

	static Map<String, Object> claims(String credential) throws Exception {
		SDJWT sdJwt = SDJWT.parse(credential);
		return new SDObjectDecoder().decode(SignedJWT.parse(sdJwt.getCredentialJwt()).getJWTClaimsSet().getClaims(),
				sdJwt.getDisclosures());
	}

	long revoked(String resident, String configuration) {
		return this.jdbc.sql("SELECT COUNT(*) FROM issued_credential WHERE resident_id = ? AND configuration = ? AND revoked_at IS NOT NULL")
			.params(java.util.UUID.fromString(resident), configuration)
			.query(Long.class)
			.single();
	}

	@Test
	void residenceCredentialWhenForeignResidentThenCarriesTheCardsFactsUntilThePeriodEnds() throws Exception {
		List<String> taken = new java.util.ArrayList<>();
		TestHolder.take(this.lan.wallet(), origin(), "tsunagu_residence", 1, taken);
		assertThat(taken).hasSize(1);
		Map<String, Object> claims = claims(taken.get(0));
		assertThat(claims).containsEntry("family_name", "NGUYEN")
			.containsEntry("given_name", "Thi Lan")
			.containsEntry("birthdate", "1998-06-15")
			.containsEntry("nationalities", List.of("VN"))
			.containsEntry("residence_status", "engineer-humanities-international-services")
			.containsEntry("period_of_stay", "P3Y")
			.containsEntry("stay_until", this.stayUntil)
			.containsEntry("work_permission", "within-status");
		SignedJWT jwt = SignedJWT.parse(SDJWT.parse(taken.get(0)).getCredentialJwt());
		assertThat(jwt.getJWTClaimsSet().getStringClaim("vct")).isEqualTo(origin() + "/credentials/types/residence");
		assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
			.isBeforeOrEqualTo(LocalDate.parse(this.stayUntil).plusDays(1).atStartOfDay(ZoneId.of("Asia/Tokyo")).toInstant());

		// the person identification credential now carries the nationality too
		List<String> pid = new java.util.ArrayList<>();
		TestHolder.take(this.lan.wallet(), origin(), "tsunagu_pid", 1, pid);
		assertThat(claims(pid.get(0))).containsEntry("nationalities", List.of("VN"));

		// type metadata names the claims in English and Japanese
		JsonNode type = this.api.get("/credentials/types/residence").jsonBody();
		assertThat(type.toString()).contains("在留資格", "Permission to work", "就労制限の有無");

		// a change of status revokes the residence and identification credentials, not the age credential
		List<String> age = new java.util.ArrayList<>();
		TestHolder.take(this.lan.wallet(), origin(), "tsunagu_age", 1, age);
		TestApi.Response changed = event(this.lan.residentId(), """
				{ "type": "residence-changed", "effectiveDate": "2026-10-01",
				  "residence": { "status": "permanent-resident", "workPermission": "unrestricted" } }""");
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.jsonBody().at("/residence/status").asString()).isEqualTo("permanent-resident");
		assertThat(revoked(this.lan.residentId(), "tsunagu_residence")).isEqualTo(1);
		assertThat(revoked(this.lan.residentId(), "tsunagu_pid")).isEqualTo(1);
		assertThat(revoked(this.lan.residentId(), "tsunagu_age")).isZero();
	}

	@Test
	void residenceCredentialWhenNoStatusOfResidenceThenOfferRefused() throws Exception {
		TestHolder.Person katsuko = TestHolder.Person.enrol(this.api, this.dir.resolve("k"), "霞が関1-");
		HttpResponse<String> refused = katsuko.wallet().postJson(origin() + "/api/v1/me/credential-offers",
				TestHolder.JSON.writeValueAsString(Map.of("credentials", List.of("tsunagu_residence"))));
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.body()).contains("credential-not-applicable").doesNotContain("Exception");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM credential_offer WHERE resident_id = ?")
			.param(java.util.UUID.fromString(katsuko.residentId()))
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void residenceChangedWhenBadInputThenProblemAndNothingWritten() {
		String resident = this.lan.residentId();
		int version = this.api.get("/api/v1/residents/" + resident).jsonBody().get("version").asInt();
		Map<String, String> bad = Map.of(
				TestResidents.residence("wizard", this.stayUntil, "within-status"), "/residence/status",
				TestResidents.residence("student", this.stayUntil, "sometimes"), "/residence/workPermission",
				TestResidents.residence("student", "2001-01-01", "not-permitted"), "/residence/stayUntil",
				TestResidents.residence("student", LocalDate.now().plusYears(9).toString(), "not-permitted"), "/residence/stayUntil",
				TestResidents.residence("student", this.stayUntil, "not-permitted").replace("P3Y", "three years"), "/residence/periodOfStay",
				TestResidents.residence("permanent-resident", this.stayUntil, "unrestricted"), "/residence/stayUntil",
				"{ \"type\": \"residence-changed\" }", "/residence",
				"{ \"type\": \"address-changed\", \"nationality\": \"VN\", \"address\": { \"country\": \"JP\", \"streetAddress\": \"x\" } }", "/nationality",
				TestResidents.residence("student", this.stayUntil, "not-permitted").replace("\"residence\"", "\"nationality\": \"vn\", \"residence\""), "/nationality");
		for (Map.Entry<String, String> c : bad.entrySet()) {
			TestApi.Response response = event(resident, c.getKey());
			assertThat(response.status()).as(c.getKey()).isEqualTo(400);
			assertThat(response.contentType()).contains("problem+json");
			assertThat(response.body()).as(c.getKey()).contains(c.getValue()).doesNotContain("wizard", "sometimes", "three years");
		}
		// a Japanese national has no status of residence
		TestApi.Response japanese = event(resident,
				TestResidents.residence("student", this.stayUntil, "not-permitted").replace("\"residence\"", "\"nationality\": \"JP\", \"residence\""));
		assertThat(japanese.status()).isEqualTo(400);
		assertThat(japanese.body()).contains("/nationality");
		assertThat(this.api.get("/api/v1/residents/" + resident).jsonBody().get("version").asInt()).isEqualTo(version);
	}

	@Test
	void credentialWhenFactUnderCorrectionThenDeferredAndIssuedFromTheCorrectedRecord() throws Exception {
		String resident = this.lan.residentId();
		TestApi.Response opened = event(resident, "{ \"type\": \"correction-opened\", \"facts\": [\"name\"] }");
		assertThat(opened.status()).as(opened.body()).isEqualTo(200);
		assertThat(opened.jsonBody().at("/correction/facts/0").asString()).isEqualTo("name");
		assertThat(event(resident, "{ \"type\": \"correction-opened\", \"facts\": [\"address\"] }").status()).isEqualTo(409);

		// the age credential carries no name: issued at once
		List<String> age = new java.util.ArrayList<>();
		TestHolder.take(this.lan.wallet(), origin(), "tsunagu_age", 1, age);
		assertThat(age).hasSize(1);

		// the identification credential waits: 202 with a transaction id, nothing issued
		HttpResponse<String> created = this.lan.wallet().postJson(origin() + "/api/v1/me/credential-offers",
				TestHolder.JSON.writeValueAsString(Map.of("credentials", List.of("tsunagu_pid"))));
		JsonNode offer = TestHolder.JSON.readTree(created.body());
		TestHolder holder = new TestHolder(origin());
		holder.token(offer.at("/offer/grants/urn:ietf:params:oauth:grant-type:pre-authorized_code/pre-authorized_code").asString(),
				offer.get("txCode").asString());
		String nonce = holder.nonce();
		HttpResponse<String> deferred = holder.credential("tsunagu_pid", List.of(holder.proof(nonce), holder.proof(nonce)));
		assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
		JsonNode answer = TestHolder.JSON.readTree(deferred.body());
		String transaction = answer.get("transaction_id").asString();
		assertThat(answer.get("interval").asInt()).isPositive();
		assertThat(answer.has("credentials")).isFalse();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM issued_credential WHERE resident_id = ? AND configuration = 'tsunagu_pid'")
			.param(java.util.UUID.fromString(resident))
			.query(Long.class)
			.single()).isZero();

		// one request waits at a time: another is refused, and nothing more is kept
		String secondNonce = holder.nonce();
		HttpResponse<String> second = holder.credential("tsunagu_pid", List.of(holder.proof(secondNonce)));
		assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
		assertThat(second.body()).contains("issuance_pending");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM credential_deferral WHERE resident_id = ?")
			.param(java.util.UUID.fromString(resident)).query(Long.class).single()).isEqualTo(1);
		holder.holderKeys.remove(holder.holderKeys.size() - 1);

		// still open: the deferred credential endpoint answers 202 again
		assertThat(deferredCredential(holder, transaction).statusCode()).isEqualTo(202);
		assertThat(deferredCredential(holder, "not-a-transaction").body()).contains("invalid_transaction_id");

		// the operator corrects the name and closes the correction: the credentials come from the corrected record
		TestApi.Response renamed = event(resident,
				"{ \"type\": \"name-changed\", \"name\": { \"family\": \"NGUYEN\", \"given\": \"Thi Lan Anh\", \"latin\": \"NGUYEN Thi Lan Anh\" } }");
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
		assertThat(event(resident, "{ \"type\": \"correction-closed\" }").status()).isEqualTo(200);
		assertThat(event(resident, "{ \"type\": \"correction-closed\" }").status()).isEqualTo(409);

		HttpResponse<String> delivered = deferredCredential(holder, transaction);
		assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
		List<String> copies = TestHolder.credentials(delivered);
		assertThat(copies).hasSize(2);
		for (int i = 0; i < copies.size(); i++) {
			assertThat(claims(copies.get(i))).containsEntry("given_name", "Thi Lan Anh");
			@SuppressWarnings("unchecked")
			Map<String, Object> cnf = (Map<String, Object>) SignedJWT.parse(SDJWT.parse(copies.get(i)).getCredentialJwt())
				.getJWTClaimsSet()
				.getClaim("cnf");
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) cnf.get("jwk");
			assertThat(ECKey.parse(jwk).computeThumbprint()).isEqualTo(holder.holderKeys.get(i).computeThumbprint());
		}
		// delivered once
		HttpResponse<String> again = deferredCredential(holder, transaction);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).contains("invalid_transaction_id");
	}

	@Test
	void correctionWhenBadInputThenProblemAndNothingWritten() {
		String resident = this.lan.residentId();
		int version = this.api.get("/api/v1/residents/" + resident).jsonBody().get("version").asInt();
		for (String body : List.of("{ \"type\": \"correction-opened\" }", "{ \"type\": \"correction-opened\", \"facts\": [] }",
				"{ \"type\": \"correction-opened\", \"facts\": [\"shoe size\"] }",
				"{ \"type\": \"correction-opened\", \"facts\": [\"name\", \"name\"] }",
				"{ \"type\": \"name-changed\", \"facts\": [\"name\"], \"name\": { \"family\": \"X\" } }")) {
			TestApi.Response response = event(resident, body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.body()).as(body).contains("/facts").doesNotContain("shoe size");
		}
		TestApi.Response none = event(resident, "{ \"type\": \"correction-closed\" }");
		assertThat(none.status()).isEqualTo(409);
		assertThat(none.body()).contains("no-correction-open");
		assertThat(this.api.get("/api/v1/residents/" + resident).jsonBody().get("version").asInt()).isEqualTo(version);
	}

	HttpResponse<String> deferredCredential(TestHolder holder, String transaction) throws Exception {
		String url = origin() + "/api/v1/credentials/deferred_credential";
		return TestHolder.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.header("Authorization", "DPoP " + holder.accessToken)
			.header("DPoP", TestRelyingParty.dpop(holder.dpopKey, "POST", url, holder.accessToken))
			.POST(HttpRequest.BodyPublishers.ofString(TestHolder.JSON.writeValueAsString(Map.of("transaction_id", transaction)))));
	}

}
