package org.tsunagu.eligibility;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TestClock;
import org.tsunagu.eligibility.TestOrganisations.Org;
import org.tsunagu.TsunaguTest;
import org.tsunagu.merkle.NoteKey;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.AccessHistory;
import org.tsunagu.wallet.EligibilityPresentation;
import org.tsunagu.wallet.Slot;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The check at the clinic, end to end: an insurer records coverage, the clinic asks for a challenge, the patient's
 * wallet signs it, the clinic gets only the facts it needs; the insurer changes, the answer follows at once; the
 * patient reads both checks in their history. And the failure modes clinics met: replayed or stray challenges,
 * another card's signature, suspended and revoked cards, a certificate expired less (or more) than three months
 * ago, no coverage found.
 */
@TsunaguTest
class EligibilityCheckTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	TestApi api;

	@Autowired
	TestClock clock;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	/** The log entries about the card's holder that say this. */
	private long logged(String what) {
		return this.jdbc.sql("SELECT leaf FROM log_entry WHERE resident_id = :id")
			.param("id", java.util.UUID.fromString(this.card.residentId()))
			.query(byte[].class)
			.list()
			.stream()
			.filter((leaf) -> new String(leaf, java.nio.charset.StandardCharsets.UTF_8).contains(what))
			.count();
	}

	private long checksOfHolder() {
		return this.jdbc.sql("SELECT COUNT(*) FROM eligibility_check WHERE resident_id = :id")
			.param("id", java.util.UUID.fromString(this.card.residentId()))
			.query(Long.class)
			.single();
	}

	@TempDir
	Path dir;

	Org sakura;

	Org clinic;

	TestCards card;

	String number;

	Org org(String kind, String name, String identifier, String scope) throws Exception {
		return TestOrganisations.register(this.api, kind, name, identifier, scope);
	}

	private static String digits(int n) {
		String t = Long.toString(System.nanoTime());
		return t.substring(t.length() - n);
	}

	static String coverage(String number, String validFrom, String validTo, String copay) {
		return TestOrganisations.coverage(number, validFrom, validTo, copay);
	}

	@BeforeEach
	void setUp() throws Exception {
		this.sakura = org("insurer", "Sakura Health Insurance Society", digits(8), "coverage:write");
		this.clinic = org("clinic", "Chiyoda Clinic", digits(10), "eligibility:check");
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		this.number = enrolled.get("individualNumber").asString();
		this.card = TestCards.forResident(this.api, enrolled.get("id").asString(), this.dir);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void checkWhenCardAndCoverageThenOnlyWhatTheClinicNeedsAndTheAnswerFollowsTheInsurer() throws Exception {
		LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
		assertThat(this.sakura.send("PUT", "/api/v1/coverage/members/K-1", coverage(this.number, "2025-04-01", null, "0.3"))
			.statusCode()).isEqualTo(201);

		// the clinic cannot record a consent the patient's card did not sign: refused, the challenge not spent
		String challenge = this.clinic.challenge();
		HttpResponse<String> unsigned = this.clinic.check(this.card.present(challenge), "{\"medicationHistory\":true}");
		assertThat(unsigned.statusCode()).as(unsigned.body()).isEqualTo(400);
		assertThat(unsigned.body()).contains("/consents/medicationHistory");
		assertThat(this.clinic.check(this.card.present(challenge, "checkupHistory"), "{\"medicationHistory\":true}")
			.statusCode()).isEqualTo(400);
		assertThat(logged("eligibility checked")).isZero();

		// the patient signs the consent with the card; a consent signed but not asked by the clinic is not recorded
		HttpResponse<String> checked = this.clinic.check(this.card.present(challenge, "medicationHistory,checkupHistory"),
				"{\"medicationHistory\":true}");
		assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
		JsonNode answer = JSON.readTree(checked.body());
		assertThat(answer.get("eligible").asBoolean()).isTrue();
		assertThat(answer.get("insurer").get("number").asString()).isEqualTo(this.sakura.identifier());
		assertThat(answer.get("member").get("symbol").asString()).isEqualTo("記号12");
		assertThat(answer.get("member").get("number").asString()).isEqualTo("345");
		assertThat(answer.get("copayRatio").asDouble()).isEqualTo(0.3);
		assertThat(answer.get("limitCategory").asString()).isEqualTo("ウ");
		assertThat(answer.get("method").asString()).isEqualTo("pin");
		// the name as the registry holds it: 髙 and the variation sequence intact, the reading alongside
		JsonNode name = answer.get("patient").get("name");
		assertThat(name.get("family").asString()).isEqualTo("髙橋");
		assertThat(name.get("given").asString()).isEqualTo(TestResidents.KATSUKO);
		assertThat(name.get("familyReading").asString()).isEqualTo("タカハシ");
		assertThat(answer.get("consents").toString()).contains("medicationHistory").doesNotContain("checkupHistory");
		assertThat(checked.body()).doesNotContain(this.number).doesNotContain(this.card.residentId());

		assertThat(answer.get("flags").size()).isZero();
		assertThat(answer.get("coverages").size()).isEqualTo(1);

		// a new job: the new insurer records the person before the old one has ended its coverage (the usual order);
		// the next check shows both, flagged, with no insurer as the answer's own, until the old one ends it
		Org ume = org("insurer", "Ume Health Insurance Society", digits(8), "coverage:write");
		assertThat(ume.send("PUT", "/api/v1/coverage/members/U-7", coverage(this.number, today.toString(), null, "0.2"))
			.statusCode()).isEqualTo(201);
		JsonNode both = JSON.readTree(this.clinic.check(this.card.present(this.clinic.challenge()), null).body());
		assertThat(both.get("eligible").asBoolean()).isTrue();
		assertThat(both.get("flags").toString()).contains("overlapping-coverage");
		assertThat(both.has("insurer")).isFalse();
		// the latest start first
		assertThat(both.get("coverages").findValuesAsString("number")).contains(ume.identifier(), this.sakura.identifier());
		assertThat(both.get("coverages").get(0).get("insurer").get("number").asString()).isEqualTo(ume.identifier());
		assertThat(both.get("coverages").get(1).get("insurer").get("number").asString()).isEqualTo(this.sakura.identifier());
		assertThat(this.sakura.send("PUT", "/api/v1/coverage/members/K-1",
				coverage(this.number, "2025-04-01", today.minusDays(1).toString(), "0.3")).statusCode()).isEqualTo(200);
		JsonNode again = JSON.readTree(this.clinic.check(this.card.present(this.clinic.challenge()), null).body());
		assertThat(again.get("insurer").get("number").asString()).isEqualTo(ume.identifier());
		assertThat(again.get("copayRatio").asDouble()).isEqualTo(0.2);
		assertThat(again.get("flags").size()).isZero();

		// the patient reads the three checks in their own history, every entry proved
		org.tsunagu.wallet.CardToken wallet = new org.tsunagu.wallet.CardToken(HttpClient.newHttpClient());
		String origin = this.clinic.client().issuer;
		X509Certificate certificate = this.card.card().certificate(Slot.AUTHENTICATION).orElseThrow();
		wallet.obtain(origin, this.card.authenticationKey(), null, certificate);
		NoteKey key = NoteKey.parse(this.api.get("/log/key").body().strip());
		List<AccessHistory.Event> events = await("the checks in a signed checkpoint").atMost(Duration.ofSeconds(10))
			.until(() -> AccessHistory.verify(JSON.readTree(wallet.get(origin + "/api/v1/me/access-events")), key),
					(history) -> history.stream().filter((e) -> e.what().startsWith("health insurance eligibility checked")).count() == 3);
		assertThat(events).filteredOn((e) -> e.what().startsWith("health insurance eligibility checked"))
			.allMatch((e) -> e.who().contains("Chiyoda Clinic"))
			.anyMatch((e) -> e.what().contains("consent given: medicationHistory"))
			.anyMatch((e) -> e.what().contains("eligible, overlapping coverage"));
		assertThat(events).extracting(AccessHistory.Event::what).anyMatch((w) -> w.startsWith("health insurance coverage recorded"));

		// the consent is the patient's to see and withdraw
		JsonNode consents = JSON.readTree(wallet.get(origin + "/api/v1/me/clinic-consents"));
		assertThat(consents.size()).isEqualTo(1);
		assertThat(consents.get(0).get("clinicName").asString()).isEqualTo("Chiyoda Clinic");
		String clinicId = consents.get(0).get("clinicId").asString();
		assertThat(wallet.delete(origin + "/api/v1/me/clinic-consents/" + clinicId)).isEqualTo(204);
		assertThat(wallet.delete(origin + "/api/v1/me/clinic-consents/" + clinicId)).isEqualTo(404);
		assertThat(JSON.readTree(wallet.get(origin + "/api/v1/me/clinic-consents")).size()).isZero();
	}

	@Test
	void checkWhenChallengeIsReplayedStrayOrExpiredOrTheSignatureAnotherCardsThenRefused() throws Exception {
		String challenge = this.clinic.challenge();
		String presentation = this.card.present(challenge);
		assertThat(this.clinic.check(presentation, null).statusCode()).isEqualTo(200);
		long checks = checksOfHolder();
		long entries = logged("");
		// replayed
		HttpResponse<String> replayed = this.clinic.check(presentation, null);
		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(replayed.body()).contains("challenge-unusable");
		// another clinic's challenge
		Org other = org("clinic", "Minato Clinic", digits(10), "eligibility:check");
		assertThat(this.clinic.check(this.card.present(other.challenge()), null).body()).contains("challenge-unusable");
		// never issued
		assertThat(this.clinic.check(this.card.present("A".repeat(43)), null).body()).contains("challenge-unusable");
		// expired
		String late = this.clinic.challenge();
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(this.clinic.check(this.card.present(late), null).body()).contains("challenge-unusable");
		this.clock.reset();
		// signed by another card under this card's certificate
		TestCards stranger = TestCards.issue(this.api, TestResidents.katsuko(), this.dir.resolve("stranger"));
		String forged = EligibilityPresentation.make(this.clinic.challenge(), "pin", stranger.authenticationKey(), null,
				this.card.card().certificate(Slot.AUTHENTICATION).orElseThrow());
		HttpResponse<String> refused = this.clinic.check(forged, null);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("card-refused").contains("bad_signature");
		// malformed
		for (String body : List.of("{}", "{\"presentation\":\"abc\"}", "{\"presentation\":\"" + presentation + "\",\"consents\":{\"x\":true}}",
				"{not json")) {
			HttpResponse<String> bad = this.clinic.send("POST", "/api/v1/eligibility/checks", body);
			assertThat(bad.statusCode()).as(body).isEqualTo(400);
			assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
			assertThat(bad.body()).as(body).doesNotContain("Exception");
		}
		// none of these is a check the card took part in: nothing recorded about the holder, nothing logged
		assertThat(checksOfHolder()).isEqualTo(checks);
		assertThat(logged("")).isEqualTo(entries);
		// the wallet refuses a consent it does not know, and signs nothing
		String hostile = TestCards.wallet("1234\n", "present", "--card-dir", this.card.dir().toString(), "--challenge",
				this.clinic.challenge(), "--consent", "<script>alert(1)</script>");
		assertThat(hostile).startsWith("exit 2").contains("--consent is medicationHistory").doesNotContain("eyJ");
		// only clinics check
		assertThat(this.sakura.send("POST", "/api/v1/eligibility/challenges", null).statusCode()).isEqualTo(403);
		assertThat(this.api.postJson("/api/v1/eligibility/challenges", "").status()).isEqualTo(403);
	}

	@Test
	void checkWhenCardSuspendedOrRevokedThenRefusedWithWhatTheClinicCanDo() throws Exception {
		this.sakura.send("PUT", "/api/v1/coverage/members/K-2", coverage(this.number, "2025-04-01", null, "0.3"));
		String cardId = JSON.readTree(java.nio.file.Files.readString(this.card.dir().resolve("card.json"))).get("cardId").asString();
		assertThat(this.api.postJson("/api/v1/cards/" + cardId + "/suspend", "").status()).isEqualTo(200);
		HttpResponse<String> suspended = this.clinic.check(this.card.present(this.clinic.challenge()), null);
		assertThat(suspended.statusCode()).isEqualTo(403);
		assertThat(suspended.body()).contains("suspended").contains("reactivate");
		assertThat(this.api.postJson("/api/v1/cards/" + cardId + "/reactivate", "").status()).isEqualTo(200);
		assertThat(this.clinic.check(this.card.present(this.clinic.challenge()), null).statusCode()).isEqualTo(200);
		assertThat(this.api.postJson("/api/v1/cards/" + cardId + "/revoke", "{\"reason\":\"keyCompromise\"}").status()).isEqualTo(200);
		HttpResponse<String> revoked = this.clinic.check(this.card.present(this.clinic.challenge()), null);
		assertThat(revoked.statusCode()).isEqualTo(403);
		assertThat(revoked.body()).contains("revoked").contains("new card");
		// the holder sees that a clinic tried the card while it was suspended, and after it was revoked
		assertThat(logged("refused: certificate suspended")).isEqualTo(1);
		assertThat(logged("refused: certificate revoked")).isEqualTo(1);
	}

	@Test
	void checkWhenCertificateExpiredLessThanThreeMonthsAgoThenFlaggedAndMoreThenRefused() throws Exception {
		this.sakura.send("PUT", "/api/v1/coverage/members/K-3", coverage(this.number, "2025-04-01", null, "0.3"));
		Instant notAfter = this.card.card().certificate(Slot.AUTHENTICATION).orElseThrow().getNotAfter().toInstant();
		this.clock.advance(Duration.between(Instant.now(), notAfter.plus(Duration.ofDays(20))));
		HttpResponse<String> flagged = this.clinic.check(this.card.present(this.clinic.challenge()), null);
		assertThat(flagged.statusCode()).as(flagged.body()).isEqualTo(200);
		assertThat(flagged.body()).contains("certificate-expired-within-grace").contains("\"eligible\":true");
		this.clock.advance(Duration.ofDays(80));
		HttpResponse<String> refused = this.clinic.check(this.card.present(this.clinic.challenge()), null);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("certificate_expired").contains("renews");
		assertThat(logged("refused: certificate expired")).isEqualTo(1);
	}

	@Test
	void checkWhenNoCoverageThenTheAnswerSaysWhichChecksWereMade() throws Exception {
		JsonNode none = JSON.readTree(this.clinic.check(this.card.present(this.clinic.challenge()), null).body());
		assertThat(none.get("eligible").asBoolean()).isFalse();
		assertThat(none.get("checks").toString()).contains("card is active").contains("none is current");
		LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
		this.sakura.send("PUT", "/api/v1/coverage/members/K-4", coverage(this.number, "2025-04-01", today.minusDays(10).toString(), "0.3"));
		JsonNode ended = JSON.readTree(this.clinic.check(this.card.present(this.clinic.challenge()), null).body());
		assertThat(ended.get("eligible").asBoolean()).isFalse();
		assertThat(ended.get("checks").toString()).contains("ended on " + today.minusDays(10));
	}

	@Test
	void documentWhenIssuedForAMemberWithoutACardThenAClinicVerifiesItOfflineAndNoOneCanAlterIt() throws Exception {
		LocalDate end = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).plusMonths(2);
		this.sakura.send("PUT", "/api/v1/coverage/members/K-5", coverage(this.number, "2025-04-01", end.toString(), "0.3"));
		HttpResponse<String> issued = this.sakura.send("POST", "/api/v1/coverage/members/K-5/eligibility-document", null);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		JsonNode answer = JSON.readTree(issued.body());
		assertThat(answer.get("qrSvg").asString()).startsWith("<svg").contains("<path d=\"M");
		String document = answer.get("document").asString();

		// the clinic, offline: the published keys (fetched once, no credential needed) and the document alone
		String keys = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.clinic.client().issuer + "/api/v1/eligibility/keys")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		com.nimbusds.jose.jwk.JWKSet published = com.nimbusds.jose.jwk.JWKSet.parse(keys);
		assertThat(keys).doesNotContain("\"d\"");
		com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(document);
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("eligibility-document+jwt");
		var verifier = new com.nimbusds.jose.crypto.ECDSAVerifier(published.getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey());
		assertThat(jwt.verify(verifier)).isTrue();
		var claims = jwt.getJWTClaimsSet();
		assertThat(claims.getJSONObjectClaim("member")).containsEntry("symbol", "記号12").containsEntry("number", "345");
		assertThat(claims.getJSONObjectClaim("insurer")).containsEntry("number", this.sakura.identifier());
		assertThat(claims.getDoubleClaim("copayRatio")).isEqualTo(0.3);
		assertThat(claims.getStringClaim("validTo")).isEqualTo(end.toString());
		// the document lasts to the end of the coverage's last day in Tokyo, and not a moment longer
		assertThat(claims.getExpirationTime().toInstant())
			.isEqualTo(end.plusDays(1).atStartOfDay(java.time.ZoneId.of("Asia/Tokyo")).toInstant());
		assertThat(claims.toString()).contains("髙橋").contains(TestResidents.KATSUKO).doesNotContain(this.number)
			.doesNotContain(this.card.residentId());

		// altered: a lower co-payment under the original signature
		String[] parts = document.split("\\.");
		String altered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
				new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
					.replace("\"copayRatio\":0.3", "\"copayRatio\":0.1").getBytes(java.nio.charset.StandardCharsets.UTF_8))
				+ "." + parts[2];
		assertThat(com.nimbusds.jwt.SignedJWT.parse(altered).verify(verifier)).isFalse();

		// only the member's own insurer issues it, and only while the coverage lasts
		Org ume = org("insurer", "Ume Health Insurance Society", digits(8), "coverage:write");
		assertThat(ume.send("POST", "/api/v1/coverage/members/K-5/eligibility-document", null).statusCode()).isEqualTo(404);
		this.sakura.send("PUT", "/api/v1/coverage/members/K-5",
				coverage(this.number, "2025-04-01", LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1).toString(), "0.3"));
		assertThat(this.sakura.send("POST", "/api/v1/coverage/members/K-5/eligibility-document", null).statusCode()).isEqualTo(409);
		assertThat(this.clinic.send("POST", "/api/v1/coverage/members/K-5/eligibility-document", null).statusCode()).isEqualTo(403);
	}

}
