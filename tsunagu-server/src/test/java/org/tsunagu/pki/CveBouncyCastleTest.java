package org.tsunagu.pki;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published Bouncy Castle vulnerabilities, tried through the three ways attacker DER reaches Bouncy Castle here: a
 * card's certificate requests (operator API), OCSP requests (public, ahead of every limit), and CMS signatures
 * (the public verifier, which mandates use too). Each is refused, quickly, with the answer the endpoint gives any
 * bad input.
 */
@TsunaguTest
class CveBouncyCastleTest {

	static final Duration QUICKLY = Duration.ofSeconds(3);

	static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

	@Autowired
	TestApi api;

	final HttpClient http = HttpClient.newHttpClient();

	String resident;

	@BeforeEach
	void enrol() {
		this.resident = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
	}

	/** The card request with {@code auth} as its authentication CSR: the refusal's detail, or null when issued. */
	private String refusalOf(PKCS10CertificationRequest auth) {
		long started = System.nanoTime();
		TestApi.Response answer = this.api.postJson("/api/v1/residents/" + this.resident + "/cards",
				TestKeys.cardRequest(auth, TestKeys.csr(TestKeys.ec("secp256r1"))));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);
		if (answer.status() == 201) {
			return null;
		}
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		JsonNode error = answer.jsonBody().get("errors").get(0);
		assertThat(error.get("pointer").asString()).isEqualTo("/authenticationCsr");
		return error.get("detail").asString();
	}

	/** The public verifier's answer to a signature over "content". */
	private JsonNode verify(byte[] signature) throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(this.api.uri("/api/v1/signatures/verify"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"signature\":\"" + Base64.getEncoder().encodeToString(signature)
					+ "\",\"content\":\"" + Base64.getEncoder().encodeToString("content".getBytes()) + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);
		assertThat(answer.statusCode()).as(answer.body()).isIn(200, 400);
		return new TestApi.Response(answer, JSON).jsonBody();
	}

	private int ocsp(byte[] request) throws Exception {
		long started = System.nanoTime();
		HttpResponse<byte[]> answer = this.http.send(HttpRequest.newBuilder(this.api.uri("/pki/ocsp"))
			.header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);
		assertThat(answer.statusCode()).isEqualTo(200);
		return new OCSPResp(answer.body()).getStatus();
	}

	/** A genuine signing certificate of a card this platform issued. */
	private X509CertificateHolder cardSigningCertificate() throws Exception {
		TestApi.Response card = this.api.postJson("/api/v1/residents/" + this.resident + "/cards", TestKeys.cardRequest());
		assertThat(card.status()).isEqualTo(201);
		return new X509CertificateHolder(CardIssuanceTest.certificate(card.jsonBody(), "signing").getEncoded());
	}

	@Test
	@DisplayName("CVE-2026-5588 (Bouncy Castle): a certificate request for someone else's key, 'signed' with a composite signature holding no signatures — refused, no certificate issued")
	void csrWhenCompositeSignatureIsEmptyThenRefused() throws Exception {
		KeyPair victim = TestKeys.ec("secp256r1");
		assertThat(refusalOf(HostileAsn1.compositeCsr(victim.getPublic()))).isNotNull().contains("algorithm");
	}

	@Test
	@DisplayName("CVE-2026-5588 (Bouncy Castle): a CMS signature naming a genuine card signing certificate, with a composite signature holding no signatures — not valid, no signer named")
	void cmsWhenCompositeSignatureIsEmptyThenNotValid() throws Exception {
		X509CertificateHolder card = cardSigningCertificate();
		JsonNode answer = verify(HostileAsn1.cms(card, HostileAsn1.emptyComposite(), HostileAsn1.emptySequence()));
		assertThat(answer.get("valid").asBoolean()).isFalse();
		assertThat(answer.get("reason").asString()).isEqualTo("The signature does not match the content.");
		assertThat(answer.has("signer")).isFalse();
	}

	@Test
	@DisplayName("CVE-2024-29857 (Bouncy Castle): an EC key on an explicit binary-field curve with m = 2^31 - 1, in a certificate request and in a CMS signer's certificate — refused at once, before any provider builds the key")
	void keyWhenExplicitBinaryFieldCurveThenRefusedBeforeUse() throws Exception {
		KeyPair signer = TestKeys.ec("secp256r1");
		assertThat(refusalOf(HostileAsn1.csr(HostileAsn1.binaryFieldKey(), signer))).contains("curve is not accepted");
		X509CertificateHolder certificate = HostileAsn1.certificate(HostileAsn1.binaryFieldKey(), signer);
		JsonNode answer = verify(HostileAsn1.cms(certificate, new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
				new byte[64]));
		// the certificate does not even parse as one: refused as a malformed signature
		assertThat(answer.toString()).contains("/signature").contains("not a CMS SignedData structure");
	}

	@Test
	@DisplayName("CVE-2023-29409 (Go crypto, the class; Bouncy Castle has no limit of its own): RSA keys of 16,384 bits, or with a 4,000-bit public exponent, in a certificate request and a CMS signer's certificate — refused for their size before any signature is checked")
	void keyWhenRsaIsHugeThenRefusedBeforeAnySignatureCheck() throws Exception {
		KeyPair signer = TestKeys.rsa(2048);
		BigInteger f4 = BigInteger.valueOf(65537);
		assertThat(refusalOf(HostileAsn1.csr(HostileAsn1.rsaKey(16_384, f4), signer))).contains("at most 4096 bits");
		assertThat(refusalOf(HostileAsn1.csr(HostileAsn1.rsaKey(3072, BigInteger.TWO.pow(4000).add(BigInteger.ONE)), signer)))
			.contains("exponent");
		assertThat(refusalOf(HostileAsn1.csr(HostileAsn1.rsaKey(4096, f4), signer))).as("the largest size, checked further")
			.startsWith("The certificate request's signature");
		X509CertificateHolder huge = HostileAsn1.certificate(HostileAsn1.rsaKey(16_384, f4), signer);
		JsonNode answer = verify(HostileAsn1.cms(huge,
				new AlgorithmIdentifier(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha256WithRSAEncryption,
						org.bouncycastle.asn1.DERNull.INSTANCE), new byte[2048]));
		assertThat(answer.get("reason").asString()).isEqualTo("The signer's certificate was not issued by this platform's CA.");
	}

	@Test
	@DisplayName("CVE-2026-13506 (Bouncy Castle): SEQUENCEs of indefinite length nested thousands deep as a certificate request, an OCSP request and a CMS signature — each refused quickly as malformed")
	void derWhenSequencesNestedDeeplyThenRefusedQuickly() throws Exception {
		String csr = Base64.getEncoder().encodeToString(HostileAsn1.nestedSequences(2_000));
		TestApi.Response refused = this.api.postJson("/api/v1/residents/" + this.resident + "/cards",
				"{\"authenticationCsr\":\"" + csr + "\",\"signingCsr\":\"" + csr + "\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("not a well-formed PKCS#10 structure");
		assertThat(ocsp(HostileAsn1.nestedSequences(4_000))).isEqualTo(OCSPResp.MALFORMED_REQUEST);
		JsonNode cms = verify(HostileAsn1.nestedSequences(150_000));
		assertThat(cms.toString()).contains("/signature").contains("not a CMS SignedData structure");
	}

	@Test
	@DisplayName("CVE-2025-8885 (Bouncy Castle): object identifiers of thousands of octets as a certificate request's signature algorithm, an OCSP request's hash algorithm and an OCSP extension — each refused quickly")
	void derWhenObjectIdentifierIsHugeThenRefusedQuickly() throws Exception {
		byte[] oid = HostileAsn1.hugeOid(6_000);
		PKCS10CertificationRequest honest = TestKeys.csr(TestKeys.ec("secp256r1"));
		byte[] info = honest.toASN1Structure().getCertificationRequestInfo().getEncoded("DER");
		byte[] csr = HostileAsn1.tlv(0x30, info, HostileAsn1.tlv(0x30, oid), HostileAsn1.tlv(0x03, new byte[] { 0, 0x30, 0 }));
		TestApi.Response refused = this.api.postJson("/api/v1/residents/" + this.resident + "/cards",
				"{\"authenticationCsr\":\"" + Base64.getEncoder().encodeToString(csr) + "\",\"signingCsr\":"
						+ TestKeys.json(TestKeys.pem(TestKeys.csr(TestKeys.ec("secp256r1")))) + "}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("/authenticationCsr");
		byte[] certId = HostileAsn1.tlv(0x30, HostileAsn1.tlv(0x30, oid), HostileAsn1.tlv(0x04, new byte[20]),
				HostileAsn1.tlv(0x04, new byte[20]), HostileAsn1.tlv(0x02, new byte[] { 1 }));
		byte[] hashAlgorithm = HostileAsn1.tlv(0x30, HostileAsn1.tlv(0x30, HostileAsn1.tlv(0x30, HostileAsn1.tlv(0x30, certId))));
		assertThat(ocsp(hashAlgorithm)).isEqualTo(OCSPResp.MALFORMED_REQUEST);
		byte[] sha1 = HostileAsn1.tlv(0x30, HostileAsn1.tlv(0x06, new byte[] { 0x2B, 0x0E, 0x03, 0x02, 0x1A }));
		byte[] request = HostileAsn1.tlv(0x30, HostileAsn1.tlv(0x30, sha1, HostileAsn1.tlv(0x04, new byte[20]),
				HostileAsn1.tlv(0x04, new byte[20]), HostileAsn1.tlv(0x02, new byte[] { 1 })));
		byte[] extension = HostileAsn1.tlv(0xA2, HostileAsn1.tlv(0x30, HostileAsn1.tlv(0x30, oid, HostileAsn1.tlv(0x04, new byte[] { 5 }))));
		byte[] withExtension = HostileAsn1.tlv(0x30, HostileAsn1.tlv(0x30, HostileAsn1.tlv(0x30, request), extension));
		assertThat(ocsp(withExtension)).isIn(OCSPResp.MALFORMED_REQUEST, OCSPResp.UNAUTHORIZED);
	}

}
