package org.tsunagu.platform;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.platform.JoseForgeries.Forgery;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.Slot;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published JOSE vulnerabilities, each forgery fed to every verifier of the provider: client assertions
 * ({@code private_key_jwt}), DPoP proofs at the pushed authorization request and at the token endpoint, the card's
 * JWT-bearer assertion, and the card-signed presentation a clinic's eligibility check takes. Each verifier must give its ordinary refusal; a genuine token, made the same way,
 * is accepted first, so that the forgery is what is refused. Access tokens face the same forgeries in
 * {@code ProviderChecklistTokenTest}; credentials, holder proofs, status lists, encrypted responses and agency
 * messages in their modules' CVE tests.
 */
@TsunaguTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CveJoseTest {

	@Autowired
	TestApi api;

	TestRelyingParty rp;

	KeyPair cardKey;

	X509Certificate cardCertificate;

	TestOrganisations.Org clinic;

	List<Verifier> verifiers;

	/** One place the provider verifies a JWS: how to make a genuine one, send one, and recognise its refusal. */
	record Verifier(String name, Maker genuine, Sender send, List<Integer> refusedStatus, List<String> refusedErrors,
			PublicKey key, boolean keyInHeader) {

		void refuses(Forgery forgery) throws Exception {
			long started = System.nanoTime();
			HttpResponse<String> answer = this.send.send(forgery.token());
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as(this.name + ": " + forgery).isLessThan(Duration.ofSeconds(3));
			assertThat(answer.statusCode()).as(this.name + ": " + forgery + " " + answer.body()).isIn(this.refusedStatus);
			assertThat(this.refusedErrors).as(this.name + ": " + forgery + " " + answer.body())
				.anyMatch((error) -> answer.body().contains(error));
			assertThat(answer.body()).as(this.name + ": the answer does not repeat the token")
				.doesNotContain(forgery.token().substring(0, Math.min(40, forgery.token().length())));
		}

	}

	@FunctionalInterface
	interface Maker {

		String make() throws Exception;

	}

	@FunctionalInterface
	interface Sender {

		HttpResponse<String> send(String token) throws Exception;

	}

	@BeforeAll
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\"]", "low", null);
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), Files.createTempDirectory("cve-jose"));
		this.cardKey = card.authenticationKey();
		this.cardCertificate = card.card().certificate(Slot.AUTHENTICATION).orElseThrow();
		String par = this.rp.issuer + "/oauth2/par";
		String token = this.rp.issuer + "/oauth2/token";
		this.clinic = TestOrganisations.register(this.api, "clinic", "Chiyoda Clinic", String.valueOf(1_000_000_000L + System.nanoTime() % 9_000_000_000L),
				"eligibility:check");
		this.verifiers = List.of(
				new Verifier("client assertion at PAR", this.rp::assertion, (t) -> this.rp.par(pushed(t)), List.of(401),
						List.of("\"invalid_client\""), this.rp.clientKey.toECPublicKey(), false),
				new Verifier("DPoP proof at PAR", () -> this.rp.dpop("POST", par, null),
						(t) -> this.rp.postForm("/oauth2/par", pushed(this.rp.assertion()), t), List.of(400),
						List.of("\"invalid_dpop_proof\""), this.rp.dpopKey.toECPublicKey(), true),
				new Verifier("DPoP proof at the token endpoint", () -> this.rp.dpop("POST", token, null),
						(t) -> cardGrant(cardAssertion(), t), List.of(400), List.of("\"invalid_dpop_proof\""),
						this.rp.dpopKey.toECPublicKey(), true),
				new Verifier("card JWT-bearer assertion", this::cardAssertion, (t) -> cardGrant(t, this.rp.dpop("POST", token, null)),
						List.of(400), List.of("\"invalid_grant\"", "\"invalid_request\""), this.cardCertificate.getPublicKey(), false),
				new Verifier("card presentation at an eligibility check", this::cardPresentation,
						(t) -> this.clinic.check(t, null), List.of(400, 403), List.of("\"/presentation\"", "card-refused"),
						this.cardCertificate.getPublicKey(), false));
		for (Verifier verifier : this.verifiers) {
			HttpResponse<String> accepted = verifier.send().send(verifier.genuine().make());
			assertThat(accepted.statusCode()).as(verifier.name() + " accepts a genuine token: " + accepted.body()).isIn(200, 201);
		}
	}

	private Map<String, String> pushed(String assertion) throws Exception {
		Map<String, String> form = new LinkedHashMap<>(this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
		form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.put("client_assertion", assertion);
		return form;
	}

	private HttpResponse<String> cardGrant(String assertion, String dpop) throws Exception {
		return this.rp.postForm("/oauth2/token", Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
				"client_id", "tsunagu-wallet", "scope", "openid me:read", "assertion", assertion), dpop);
	}

	/** A patient's presentation to the clinic, as the wallet signs it with the card, for a fresh challenge. */
	private String cardPresentation() throws Exception {
		return cardSigned(new JOSEObjectType("tsunagu-presentation+jwt"), new JWTClaimsSet.Builder()
			.claim("challenge", this.clinic.challenge()).claim("method", "pin").issueTime(new Date()).build());
	}

	private String cardSigned(JOSEObjectType type, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(type)
			.x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(this.cardCertificate.getEncoded()))).build(), claims);
		jwt.sign(new ECDSASigner((ECPrivateKey) this.cardKey.getPrivate()));
		return jwt.serialize();
	}

	/** The wallet's assertion, as the wallet signs it with the card: ES256, the certificate in x5c, a fresh jti. */
	private String cardAssertion() throws Exception {
		String serial = this.cardCertificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
		return cardSigned(JOSEObjectType.JWT, new JWTClaimsSet.Builder().issuer(serial).subject(serial).audience(this.rp.issuer)
			.issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 60_000)).jwtID(UUID.randomUUID().toString())
			.build());
	}

	@FunctionalInterface
	interface Forge {

		List<Forgery> from(Verifier verifier, String genuine) throws Exception;

	}

	/** Every forgery, each from a fresh genuine token (so that no replay check is what refuses it), at every verifier. */
	private void everyVerifierRefuses(Forge forge) throws Exception {
		List<String> tried = new ArrayList<>();
		for (Verifier verifier : this.verifiers) {
			int count = forge.from(verifier, verifier.genuine().make()).size();
			for (int i = 0; i < count; i++) {
				Forgery forgery = forge.from(verifier, verifier.genuine().make()).get(i);
				verifier.refuses(forgery);
				tried.add(verifier.name() + ": " + forgery);
			}
		}
		assertThat(tried).isNotEmpty();
	}

	@Test
	@DisplayName("CVE-2022-21449 (Java ECDSA, 'psychic signatures'): r = s = 0, r = s = n, s = 0 — refused by every verifier")
	void everyVerifierWhenEcdsaSignatureIsZeroOrTheOrderThenRefused() throws Exception {
		everyVerifierRefuses((verifier, genuine) -> JoseForgeries.psychicSignatures(genuine));
	}

	@Test
	@DisplayName("CVE-2022-23540 (jsonwebtoken) and CVE-2026-16093 (Keycloak): alg none, None, NONE without a signature — refused by every verifier")
	void everyVerifierWhenAlgIsNoneThenRefused() throws Exception {
		everyVerifierRefuses((verifier, genuine) -> JoseForgeries.unsigned(genuine));
	}

	@Test
	@DisplayName("CVE-2015-9235 (jsonwebtoken): HS256 keyed with the verifier's public key (as JWK, DER, PEM), ES512 and RS256 by a stranger — refused by every verifier")
	void everyVerifierWhenHmacWithThePublicKeyOrAnotherAlgorithmThenRefused() throws Exception {
		everyVerifierRefuses((verifier, genuine) -> JoseForgeries.otherAlgorithms(genuine, verifier.key()));
	}

	@Test
	@DisplayName("CVE-2018-0114 (node-jose): the signer's key named in the header (jwk, jku, x5u, a self-signed x5c, an injected kid) — refused by every verifier")
	void everyVerifierWhenHeaderNamesTheSignersOwnKeyThenRefused() throws Exception {
		// a DPoP proof's key is its jwk by design (RFC 9449): there, only the other ways of naming a key are attacks
		everyVerifierRefuses((verifier, genuine) -> JoseForgeries.selfNamedKeys(genuine).stream()
			.filter((f) -> !verifier.keyInHeader() || !f.attack().contains("as jwk"))
			.toList());
	}

	@Test
	@DisplayName("CVE-2020-28042 (ServiceStack): an empty, missing, cut or overlong signature — refused by every verifier")
	void everyVerifierWhenSignatureIsEmptyOrCutThenRefused() throws Exception {
		everyVerifierRefuses((verifier, genuine) -> JoseForgeries.missingSignatures(genuine));
	}

	@Test
	@DisplayName("CVE-2019-17195 (Nimbus JOSE+JWT): structurally broken tokens (bad base64, a header that is an array, alg a number, x5c a string, a jwk without coordinates, crit a number, two or seven parts) — the verifier's ordinary refusal, never a server error")
	void everyParserWhenTokenIsMalformedThenOrdinaryRefusalNeverServerError() throws Exception {
		// a kid of 20,000 characters cannot travel in a header at all: Tomcat refuses it (400) before anything reads it
		everyVerifierRefuses((verifier, genuine) -> JoseForgeries.malformed().stream()
			.filter((f) -> !verifier.keyInHeader() || !f.attack().contains("20,000"))
			.toList());
	}

	@Test
	@DisplayName("CVE-2025-53864 (Nimbus JOSE+JWT) and CVE-2023-1370 (json-smart): header and payload nested thousands deep — refused quickly by every verifier")
	void everyParserWhenJsonIsNestedDeeplyThenRefusedQuickly() throws Exception {
		// a DPoP proof travels in a header, which Tomcat caps at 8 KiB; the others in a form body
		everyVerifierRefuses((verifier, genuine) -> JoseForgeries.nested(genuine, verifier.keyInHeader() ? 2_500 : 50_000));
	}

	@Test
	@DisplayName("CVE-2020-15222 (fosite): the card's JWT-bearer assertion replayed with a fresh DPoP proof — refused")
	void cardGrantWhenAssertionIsReplayedThenRefused() throws Exception {
		String assertion = cardAssertion();
		String token = this.rp.issuer + "/oauth2/token";
		assertThat(cardGrant(assertion, this.rp.dpop("POST", token, null)).statusCode()).isEqualTo(200);
		HttpResponse<String> replayed = cardGrant(assertion, this.rp.dpop("POST", token, null));
		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(replayed.body()).contains("invalid_grant").contains("already used");
	}

}
