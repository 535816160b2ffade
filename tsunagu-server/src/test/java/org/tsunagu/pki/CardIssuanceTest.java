package org.tsunagu.pki;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TestApi.Response;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@TsunaguTest
class CardIssuanceTest {

	@Autowired
	TestApi api;

	@Test
	void issueWhenAdultAtIal3ThenSigningAndAuthenticationCertificatesByProfile() throws Exception {
		String residentId = enrol(TestResidents.katsuko());

		Response issued = this.api.postJson("/api/v1/residents/" + residentId + "/cards", TestKeys.cardRequest());

		assertThat(issued.status()).isEqualTo(201);
		JsonNode card = issued.jsonBody();
		assertThat(issued.header("Location")).isEqualTo("/api/v1/cards/" + card.get("cardId").asString());
		assertThat(card.get("status").asString()).isEqualTo("active");
		X509Certificate auth = certificate(card, "authentication");
		X509Certificate sign = certificate(card, "signing");

		assertThat(auth.getSubjectX500Principal().getName()).isEqualTo("CN=card " + card.get("cardId").asString());
		assertThat(auth.getExtensionValue(Extension.subjectDirectoryAttributes.getId())).isNull();
		assertThat(auth.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
		assertThat(auth.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_clientAuth.getId());

		assertThat(new String(sign.getSubjectX500Principal().getEncoded(), StandardCharsets.UTF_8)).contains("髙橋")
			.contains(TestResidents.KATSUKO);
		assertThat(sign.getKeyUsage()[0]).isTrue();
		assertThat(sign.getKeyUsage()[1]).isTrue();
		assertThat(sign.getExtensionValue(Extension.subjectDirectoryAttributes.getId())).isNotNull();
		assertThat(new String(sign.getExtensionValue(Extension.subjectDirectoryAttributes.getId()), StandardCharsets.UTF_8))
			.contains("19840402").contains("東京都");

		for (X509Certificate c : new X509Certificate[] { auth, sign }) {
			assertThat(c.getSerialNumber().signum()).isPositive();
			assertThat(c.getSerialNumber().bitLength()).isBetween(64, 159);
			assertThat(c.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
			assertThat(c.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
			assertThat(new String(c.getExtensionValue(Extension.cRLDistributionPoints.getId()), StandardCharsets.US_ASCII))
				.contains("/pki/crl/card-ca-1.crl");
			assertThat(new String(c.getExtensionValue(Extension.authorityInfoAccess.getId()), StandardCharsets.US_ASCII))
				.contains("/pki/ocsp").contains("/pki/ca/card-ca-1.crt");
			assertThat(c.getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate())
				.isEqualTo(fifthBirthday(LocalDate.of(1984, 4, 2)));
		}
		assertThat(card.get("chain")).hasSize(2);
	}

	@Test
	void issueWhenUnder15ThenOnlyAuthenticationCertificate() {
		String child = enrol(TestResidents.katsuko().replace("1984-04-02", LocalDate.now().minusYears(10).toString()));
		PKCS10CertificationRequest auth = TestKeys.csr(TestKeys.ec("secp256r1"));

		Response refused = this.api.postJson("/api/v1/residents/" + child + "/cards", TestKeys.cardRequest());
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.jsonBody().get("errors").findValuesAsString("pointer")).contains("/signingCsr");

		JsonNode card = this.api.postJson("/api/v1/residents/" + child + "/cards", TestKeys.cardRequest(auth, null))
			.jsonBody();
		assertThat(card.get("certificates")).hasSize(1);
		assertThat(card.at("/certificates/0/kind").asString()).isEqualTo("authentication");
	}

	@Test
	void issueWhenAssuranceTooLowOrResidentDeadOrUnknownThenRefusedAndNothingIssued() {
		String remote = enrol(TestResidents.taroRemote());
		Response low = this.api.postJson("/api/v1/residents/" + remote + "/cards", TestKeys.cardRequest());
		assertThat(low.status()).isEqualTo(409);
		assertThat(low.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:assurance-too-low");

		String dead = enrol(TestResidents.katsuko());
		this.api.postJson("/api/v1/residents/" + dead + "/events", "{ \"type\": \"died\", \"date\": \"2026-01-05\" }");
		Response refused = this.api.postJson("/api/v1/residents/" + dead + "/cards", TestKeys.cardRequest());
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:resident-not-living");

		assertThat(this.api.postJson("/api/v1/residents/" + UUID.randomUUID() + "/cards", TestKeys.cardRequest()).status())
			.isEqualTo(404);
	}

	@Test
	void issueWhenRequestsAreBadThenProblemNamingTheRequest() {
		String id = enrol(TestResidents.katsuko());
		KeyPair good = TestKeys.ec("secp256r1");
		String goodSign = TestKeys.pem(TestKeys.csr(TestKeys.ec("secp256r1")));

		assertBad(id, "{\"authenticationCsr\":\"not a csr\",\"signingCsr\":" + TestKeys.json(goodSign) + "}",
				"/authenticationCsr");
		assertBad(id, TestKeys.cardRequest(TestKeys.csr(good, TestKeys.ec("secp256r1")), TestKeys.csr(TestKeys.ec("secp256r1"))),
				"/authenticationCsr");
		assertBad(id, TestKeys.cardRequest(TestKeys.csr(TestKeys.rsa(1024)), TestKeys.csr(TestKeys.ec("secp256r1"))),
				"/authenticationCsr");
		assertBad(id, TestKeys.cardRequest(TestKeys.csr(TestKeys.ec("secp521r1")), TestKeys.csr(TestKeys.ec("secp256r1"))),
				"/authenticationCsr");
		assertBad(id, TestKeys.cardRequest(TestKeys.csr(good), TestKeys.csr(good)), "/signingCsr");
		String huge = "{\"authenticationCsr\":\"" + "A".repeat(20_000) + "\",\"signingCsr\":" + TestKeys.json(goodSign) + "}";
		assertBad(id, huge, "/authenticationCsr");

		Response rsa = this.api.postJson("/api/v1/residents/" + id + "/cards",
				TestKeys.cardRequest(TestKeys.csr(TestKeys.rsa(2048)), TestKeys.csr(TestKeys.ec("secp384r1"))));
		assertThat(rsa.status()).isEqualTo(201);

		PKCS10CertificationRequest reused = TestKeys.csr(good);
		assertThat(this.api.postJson("/api/v1/residents/" + id + "/cards",
				TestKeys.cardRequest(reused, TestKeys.csr(TestKeys.ec("secp256r1")))).status()).isEqualTo(201);
		Response again = this.api.postJson("/api/v1/residents/" + id + "/cards",
				TestKeys.cardRequest(reused, TestKeys.csr(TestKeys.ec("secp256r1"))));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:public-key-reused");
	}

	private void assertBad(String residentId, String body, String pointer) {
		Response response = this.api.postJson("/api/v1/residents/" + residentId + "/cards", body);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.jsonBody().get("errors").findValuesAsString("pointer")).contains(pointer);
	}

	private String enrol(String body) {
		Response enrolled = this.api.postJson("/api/v1/residents", body);
		assertThat(enrolled.status()).isEqualTo(201);
		return enrolled.jsonBody().get("id").asString();
	}

	static X509Certificate certificate(JsonNode card, String kind) throws Exception {
		for (JsonNode c : card.get("certificates")) {
			if (c.get("kind").asString().equals(kind)) {
				return (X509Certificate) CertificateFactory.getInstance("X.509")
					.generateCertificate(new ByteArrayInputStream(c.get("pem").asString().getBytes(StandardCharsets.US_ASCII)));
			}
		}
		throw new AssertionError("no " + kind + " certificate");
	}

	private static LocalDate fifthBirthday(LocalDate birth) {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		LocalDate next = birth.withYear(today.getYear());
		if (!next.isAfter(today)) {
			next = next.plusYears(1);
		}
		return next.plusYears(4);
	}


}
