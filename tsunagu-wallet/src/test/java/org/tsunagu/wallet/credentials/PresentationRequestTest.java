package org.tsunagu.wallet.credentials;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tsunagu.wallet.WalletException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A verifier's request object: every rule of OpenID4VP 1.0 section 5.9.3 this wallet relies on, one test each. */
class PresentationRequestTest {

	static final String RESPONSE_URI = "https://localhost/presentations/responses";

	static final PresentationRequest.Reference LINK = PresentationRequest.Reference
		.parse("openid4vp://?client_id=x509_san_dns%3Alocalhost&request_uri=https%3A%2F%2Flocalhost%2Fpresentations%2Frequests%2Fr1");

	static PresentationRequest verify(String object) {
		return PresentationRequest.verify(object, LINK, List.of(TestVerifiers.CA.certificate()), Instant.now());
	}

	@Test
	void verifyWhenSignedUnderTheCardsCaForItsNameThenTheRequest() {
		PresentationRequest request = verify(TestVerifiers.sign(TestVerifiers.LOCALHOST,
				TestVerifiers.sakuraAsks(RESPONSE_URI, TestVerifiers.OVER_20).build()));
		assertThat(request.clientId()).isEqualTo("x509_san_dns:localhost");
		assertThat(request.verifierName()).isEqualTo("Sakura Liquor");
		assertThat(request.nonce()).isEqualTo("n-0S6_WzA2Mj");
		assertThat(request.state()).isEqualTo("st-8a1c");
		assertThat(request.responseUri()).isEqualTo(RESPONSE_URI);
		assertThat(request.query().credentials()).singleElement()
			.satisfies((q) -> assertThat(q.paths()).containsExactly(List.of("age_over_20")));
	}

	@Test
	void verifyWhenThePayloadWasChangedThenRefused() {
		String[] parts = TestVerifiers.sign(TestVerifiers.LOCALHOST,
				TestVerifiers.sakuraAsks(RESPONSE_URI, TestVerifiers.OVER_20).build()).split("\\.");
		String changed = new String(Base64.getUrlDecoder().decode(parts[1])).replace("age_over_20", "birthdate__");
		String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes()) + "." + parts[2];
		assertThatThrownBy(() -> verify(tampered)).isInstanceOf(WalletException.class).hasMessageContaining("signature does not verify");
	}

	@Test
	void verifyWhenTheCertificateDoesNotNameTheClientIdThenRefused() {
		TestCertificates.Issued elsewhere = TestCertificates.service(TestVerifiers.CA, "Other", "ume-bank.example");
		assertThatThrownBy(() -> verify(TestVerifiers.sign(elsewhere, TestVerifiers.sakuraAsks(RESPONSE_URI, TestVerifiers.OVER_20).build())))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("does not name localhost");
	}

	@Test
	void verifyWhenTheResponseUriIsOnAnotherHostThenRefused() {
		assertThatThrownBy(() -> verify(TestVerifiers.sign(TestVerifiers.LOCALHOST,
				TestVerifiers.sakuraAsks("https://collector.example/responses", TestVerifiers.OVER_20).build())))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("response_uri is not on localhost");
	}

	@Test
	void verifyWhenTheObjectsClientIdIsNotTheLinksThenRefused() {
		TestCertificates.Issued bank = TestCertificates.service(TestVerifiers.CA, "Ume", "ume-bank.example");
		assertThatThrownBy(() -> verify(TestVerifiers.sign(bank, TestVerifiers.sakuraAsks("https://ume-bank.example/r", TestVerifiers.OVER_20)
			.claim("client_id", "x509_san_dns:ume-bank.example").build())))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("client_id is not the link's");
	}

	@Test
	void verifyWhenSignedUnderAnotherCaThenRefused() {
		TestCertificates.Issued lookalike = TestCertificates.ca("Tsunagu Test CA");
		TestCertificates.Issued forger = TestCertificates.service(lookalike, "Forger", "localhost");
		assertThatThrownBy(() -> verify(TestVerifiers.sign(forger, lookalike, TestVerifiers.sakuraAsks(RESPONSE_URI, TestVerifiers.OVER_20).build())))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("not signed under a CA this card trusts");
	}

	@Test
	void verifyWhenExpiredThenRefused() {
		assertThatThrownBy(() -> verify(TestVerifiers.sign(TestVerifiers.LOCALHOST, TestVerifiers.sakuraAsks(RESPONSE_URI, TestVerifiers.OVER_20)
			.expirationTime(new java.util.Date(System.currentTimeMillis() - 1000)).build())))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("expired");
	}

	@Test
	void verifyWhenNotDirectPostThenRefused() {
		assertThatThrownBy(() -> verify(TestVerifiers.sign(TestVerifiers.LOCALHOST, TestVerifiers.sakuraAsks(RESPONSE_URI, TestVerifiers.OVER_20)
			.claim("response_mode", "fragment").build())))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("direct_post");
	}

	@Test
	void verifyWhenNotAJwtThenOneSentence() {
		assertThatThrownBy(() -> verify("<html>")).isInstanceOf(WalletException.class).hasMessage("The request object is not a signed JWT.");
	}

	@Test
	void referenceParseWhenBareRequestUriThenNoClientId() {
		assertThat(PresentationRequest.Reference.parse("https://localhost/presentations/requests/r1").clientId()).isNull();
		assertThat(LINK.clientId()).isEqualTo("x509_san_dns:localhost");
		assertThat(LINK.requestUri()).isEqualTo("https://localhost/presentations/requests/r1");
	}

	@Test
	void referenceParseWhenRequestByValueOrPlainHttpElsewhereThenRefused() {
		assertThatThrownBy(() -> PresentationRequest.Reference.parse("openid4vp://?client_id=x509_san_dns%3Alocalhost&request=eyJ"))
			.isInstanceOf(WalletException.class);
		assertThatThrownBy(() -> PresentationRequest.Reference.parse("openid4vp://?client_id=x&request_uri=http%3A%2F%2Fshop.example%2Fr"))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("https");
	}

	@Test
	void verifyWhenDirectPostJwtThenEncryptsToTheRequestsKeyWithTheFirstEncItSupports() throws Exception {
		com.nimbusds.jose.jwk.ECKey verifierKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
			.keyID("k1").keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).algorithm(com.nimbusds.jose.JWEAlgorithm.ECDH_ES).generate();
		PresentationRequest request = verify(TestVerifiers.sign(TestVerifiers.LOCALHOST, TestVerifiers.sakuraAsks(RESPONSE_URI, TestVerifiers.OVER_20)
			.claim("response_mode", "direct_post.jwt")
			.claim("client_metadata", java.util.Map.of("client_name", "Sakura Liquor", "jwks",
					java.util.Map.of("keys", java.util.List.of(verifierKey.toPublicJWK().toJSONObject())),
					"encrypted_response_enc_values_supported", java.util.List.of("A192GCM", "A256GCM")))
			.build()));
		assertThat(request.encryption().enc().getName()).isEqualTo("A256GCM");
		String jwe = request.encryption().encrypt(java.util.Map.of("vp_token", java.util.Map.of("age", java.util.List.of("x~")), "state", "st-8a1c"));
		com.nimbusds.jose.JWEObject parsed = com.nimbusds.jose.JWEObject.parse(jwe);
		assertThat(parsed.getHeader().getKeyID()).isEqualTo("k1");
		assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo("ECDH-ES");
		parsed.decrypt(new com.nimbusds.jose.crypto.ECDHDecrypter(verifierKey));
		assertThat(parsed.getPayload().toJSONObject()).containsEntry("state", "st-8a1c");
	}

	@Test
	void verifyWhenDirectPostJwtWithoutAUsableKeyOrEncThenRefused() throws Exception {
		assertThatThrownBy(() -> verify(TestVerifiers.sign(TestVerifiers.LOCALHOST, TestVerifiers.sakuraAsks(RESPONSE_URI, TestVerifiers.OVER_20)
			.claim("response_mode", "direct_post.jwt").build())))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("no P-256 ECDH-ES key");
		com.nimbusds.jose.jwk.ECKey verifierKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate();
		assertThatThrownBy(() -> verify(TestVerifiers.sign(TestVerifiers.LOCALHOST, TestVerifiers.sakuraAsks(RESPONSE_URI, TestVerifiers.OVER_20)
			.claim("response_mode", "direct_post.jwt")
			.claim("client_metadata", java.util.Map.of("jwks", java.util.Map.of("keys", java.util.List.of(verifierKey.toPublicJWK().toJSONObject())),
					"encrypted_response_enc_values_supported", java.util.List.of("A192GCM")))
			.build())))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("A128GCM and A256GCM");
	}

}
