package org.tsunagu.pki;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TestApi.Response;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The card's certificates and their status, checked with openssl as the client. */
@TsunaguTest
class CertificateStatusTest {

	@Autowired
	TestApi api;

	@Autowired
	org.tsunagu.TestClock clock;

	@TempDir
	Path dir;

	private String cardId;

	private String residentId;

	@BeforeEach
	void issueCard() throws IOException {
		this.residentId = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		JsonNode card = this.api.postJson("/api/v1/residents/" + this.residentId + "/cards", TestKeys.cardRequest())
			.jsonBody();
		this.cardId = card.get("cardId").asString();
		for (JsonNode c : card.get("certificates")) {
			Files.writeString(this.dir.resolve(c.get("kind").asString() + ".pem"), c.get("pem").asString());
		}
		Files.writeString(this.dir.resolve("issuing.pem"), card.at("/chain/0").asString());
		Files.writeString(this.dir.resolve("root.pem"), card.at("/chain/1").asString());
		Files.writeString(this.dir.resolve("chain.pem"), card.at("/chain/0").asString() + card.at("/chain/1").asString());
	}

	@Test
	void verifyWhenChainFromServerThenOpensslAccepts() throws IOException {
		Files.write(this.dir.resolve("root.der"), get("/pki/ca/root-ca.crt"));
		assertThat(Openssl.run(this.dir, "x509", "-inform", "DER", "-in", "root.der", "-out", "root-served.pem").exit())
			.isZero();
		for (String kind : new String[] { "authentication", "signing" }) {
			Openssl.Result verify = Openssl.run(this.dir, "verify", "-CAfile", "root-served.pem", "-untrusted",
					"issuing.pem", "-x509_strict", kind + ".pem");
			assertThat(verify.output()).contains(kind + ".pem: OK");
		}
		Openssl.Result purpose = Openssl.run(this.dir, "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem",
				"-purpose", "sslclient", "authentication.pem");
		assertThat(purpose.output()).contains("OK");
	}

	@Test
	void ocspWhenGoodThenSuspendedThenReactivatedThenRevokedThenOpensslSeesEach() {
		assertThat(ocsp("authentication.pem")).contains("authentication.pem: good");

		assertThat(this.api.postJson("/api/v1/cards/" + this.cardId + "/suspend", "").status()).isEqualTo(200);
		assertThat(ocsp("authentication.pem")).contains("revoked").contains("Reason: certificateHold");
		assertThat(ocsp("signing.pem")).contains("revoked");

		assertThat(this.api.postJson("/api/v1/cards/" + this.cardId + "/reactivate", "").status()).isEqualTo(200);
		assertThat(ocsp("authentication.pem")).contains("authentication.pem: good");

		Response revoked = this.api.postJson("/api/v1/cards/" + this.cardId + "/revoke", "{\"reason\":\"keyCompromise\"}");
		assertThat(revoked.jsonBody().get("status").asString()).isEqualTo("revoked");
		assertThat(ocsp("authentication.pem")).contains("revoked").contains("Reason: keyCompromise");
		assertThat(this.api.postJson("/api/v1/cards/" + this.cardId + "/reactivate", "").status()).isEqualTo(409);
	}

	@Test
	void ocspWhenGetFormAndNonceThenOpensslAcceptsAndNonceMatches() {
		Openssl.Result result = Openssl.run(this.dir, "ocsp", "-issuer", "issuing.pem", "-cert", "signing.pem", "-url",
				this.api.uri("/pki/ocsp").toString(), "-CAfile", "root.pem", "-verify_other", "issuing.pem", "-reqout",
				"request.der");
		assertThat(result.output()).contains("Response verify OK").contains("signing.pem: good")
			.doesNotContain("WARNING: no nonce");
		byte[] request = readAll(this.dir.resolve("request.der"));
		String encoded = java.net.URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII);
		Response viaGet = this.api.send(this.api.request("/pki/ocsp/" + encoded, null).GET());
		assertThat(viaGet.status()).isEqualTo(200);
		assertThat(viaGet.contentType()).isEqualTo("application/ocsp-response");
		// encoded slashes, single and double, as base64 holds them
		for (String path : new String[] { "MA%2FMA%3D%3D", "MA%2F%2FMA%3D%3D", "MA//MA==" }) {
			assertThat(this.api.send(this.api.request("/pki/ocsp/" + path, null).GET()).status()).as(path).isEqualTo(200);
		}
	}

	@Test
	void ocspWhenSerialNeverIssuedThenUnknownNeverGood() {
		Openssl.Result result = Openssl.run(this.dir, "ocsp", "-issuer", "issuing.pem", "-serial", "0x1234567890ABCDEF",
				"-url", this.api.uri("/pki/ocsp").toString(), "-CAfile", "root.pem", "-verify_other", "issuing.pem");
		assertThat(result.output()).contains("Response verify OK").contains(": unknown").doesNotContain(": good");
	}

	@Test
	void ocspWhenForeignIssuerOrGarbageThenErrorStatus() {
		Openssl.Result foreign = Openssl.run(this.dir, "ocsp", "-issuer", "authentication.pem", "-cert", "signing.pem",
				"-url", this.api.uri("/pki/ocsp").toString(), "-CAfile", "root.pem");
		assertThat(foreign.output()).contains("unauthorized");
		Response garbage = this.api.post("/pki/ocsp", "application/ocsp-request",
				BodyPublishers.ofByteArray(new byte[] { 0x30, 0x03, 0x02, 0x01 }), null);
		assertThat(garbage.status()).isEqualTo(200);
		assertThat(garbage.raw().body()).isNotEmpty();
		Response wrongType = this.api.post("/pki/ocsp", "text/plain", BodyPublishers.ofString("x"), null);
		assertThat(wrongType.status()).isEqualTo(415);
	}

	@Test
	void crlWhenCardRevokedThenOpensslVerifiesListWithTheSerial() throws IOException {
		String serial = this.api.get("/api/v1/cards/" + this.cardId).jsonBody().at("/certificates/0/serial").asString();
		this.api.postJson("/api/v1/cards/" + this.cardId + "/revoke", "{\"reason\":\"cessationOfOperation\"}");

		Files.write(this.dir.resolve("card.crl"), get("/pki/crl/card-ca-1.crl"));
		Openssl.Result crl = Openssl.run(this.dir, "crl", "-inform", "DER", "-in", "card.crl", "-CAfile", "chain.pem",
				"-noout", "-text");
		assertThat(crl.output()).containsPattern("Serial Number: 0?" + serial).contains("Cessation Of Operation")
			.contains("Next Update");
		Openssl.Result verified = Openssl.run(this.dir, "crl", "-inform", "DER", "-in", "card.crl", "-CAfile",
				"chain.pem", "-noout");
		assertThat(verified.output()).contains("verify OK");
		Openssl.Result check = Openssl.run(this.dir, "verify", "-crl_check", "-CAfile", "chain.pem", "-CRLfile",
				"card.crl", "authentication.pem");
		assertThat(check.output()).contains("certificate revoked");
	}

	@Test
	void lifeEventWhenNameChangesThenSigningRevokedAuthenticationStays() {
		this.api.postJson("/api/v1/residents/" + this.residentId + "/events", """
				{ "type": "name-changed", "name": { "family": "辻", "given": "葛\uDB40\uDD00子" } }""");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ocsp("signing.pem")).contains("revoked"));
		assertThat(ocsp("authentication.pem")).contains("authentication.pem: good");
	}

	@Test
	void lifeEventWhenCardSuspendedThenRevocationStillFinalAndReactivationKeepsItRevoked() {
		this.api.postJson("/api/v1/cards/" + this.cardId + "/suspend", "");
		this.api.postJson("/api/v1/residents/" + this.residentId + "/events", """
				{ "type": "address-changed", "address": { "country": "JP", "streetAddress": "梅田1-1" } }""");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(ocsp("signing.pem")).contains("Reason: affiliationChanged"));
		assertThat(this.api.postJson("/api/v1/cards/" + this.cardId + "/reactivate", "").status()).isEqualTo(200);
		assertThat(ocsp("authentication.pem")).contains("authentication.pem: good");
		assertThat(ocsp("signing.pem")).contains("revoked").contains("Reason: affiliationChanged");
	}

	@Test
	void lifeEventWhenResidentDiesThenEveryCertificateRevoked() {
		this.api.postJson("/api/v1/residents/" + this.residentId + "/events", "{ \"type\": \"died\", \"date\": \"2026-01-05\" }");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ocsp("authentication.pem")).contains("revoked"));
		assertThat(ocsp("signing.pem")).contains("revoked");
		assertThat(this.api.get("/api/v1/cards/" + this.cardId).jsonBody().get("status").asString()).isEqualTo("revoked");
	}

	@Test
	void revokeWhenReasonUnknownThenBadRequest() {
		Response response = this.api.postJson("/api/v1/cards/" + this.cardId + "/revoke", "{\"reason\":\"lost\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.jsonBody().get("errors").findValuesAsString("pointer")).contains("/reason");
	}

	@Test
	void renewWhenMoreThanThreeMonthsBeforeExpiryThenRefused() {
		Response response = this.api.postJson("/api/v1/cards/" + this.cardId + "/renew", TestKeys.cardRequest());
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:too-early-to-renew");
	}

	@Test
	void renewWhenWithinThreeMonthsOfExpiryThenNewCertificatesAndOldOnesSuperseded() throws Exception {
		java.time.Instant expiry = CardIssuanceTest.certificate(this.api.get("/api/v1/cards/" + this.cardId).jsonBody(),
				"authentication").getNotAfter().toInstant();
		this.clock.advance(Duration.between(java.time.Instant.now(), expiry.minus(Duration.ofDays(60))));
		try {
			Response renewed = this.api.postJson("/api/v1/cards/" + this.cardId + "/renew", TestKeys.cardRequest());
			assertThat(renewed.status()).isEqualTo(200);
			assertThat(renewed.jsonBody().get("certificates")).hasSize(2);
			assertThat(renewed.jsonBody().get("certificates").findValuesAsString("status")).containsOnly("good");
		}
		finally {
			this.clock.reset();
		}
		assertThat(ocsp("authentication.pem")).contains("revoked").contains("Reason: superseded");
	}

	private String ocsp(String certificate) {
		return Openssl.run(this.dir, "ocsp", "-issuer", "issuing.pem", "-cert", certificate, "-url",
				this.api.uri("/pki/ocsp").toString(), "-CAfile", "root.pem", "-verify_other", "issuing.pem").output();
	}

	private byte[] get(String path) {
		try {
			return java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(this.api.uri(path)).build(),
						java.net.http.HttpResponse.BodyHandlers.ofByteArray())
				.body();
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] readAll(Path path) {
		try {
			return Files.readAllBytes(path);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
