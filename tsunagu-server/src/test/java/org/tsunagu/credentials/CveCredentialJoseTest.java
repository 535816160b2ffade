package org.tsunagu.credentials;

import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.authlete.sd.SDJWT;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.credentials.verifier.PresentationChecks;
import org.tsunagu.platform.JoseForgeries;
import org.tsunagu.platform.JoseForgeries.Forgery;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The published JOSE forgeries against a verifier's two checks of an SD-JWT VC presentation: the issuer's JWT and
 * the holder's key binding JWT. Each forgery is presented in an otherwise honest presentation (for the issuer's
 * JWT, with a key binding made afresh over it) and refused with the check's own reason; the honest presentation
 * is accepted first.
 */
@TsunaguTest
class CveCredentialJoseTest {

	static final String VERIFIER = "x509_san_dns:shop.example";

	static final String NONCE = "n-cve";

	@Autowired
	TestApi api;

	@Autowired
	PresentationChecks checks;

	@TempDir
	Path dir;

	String credential;

	ECKey holderKey;

	@BeforeEach
	void setUp() throws Exception {
		List<String> ages = new ArrayList<>();
		String origin = this.api.uri("").toString().replaceAll("/$", "");
		TestHolder holder = TestHolder.take(TestHolder.Person.enrol(this.api, this.dir, "霞が関1-").wallet(), origin, "tsunagu_age", 1,
				ages);
		this.credential = ages.get(0);
		this.holderKey = holder.holderKeys.get(0);
		assertThat(this.checks.verify(TestHolder.present(this.credential, this.holderKey, List.of("age_over_20"), VERIFIER, NONCE,
				new Date()), expected()).claims()).containsEntry("age_over_20", true);
	}

	static PresentationChecks.Expected expected() {
		return new PresentationChecks.Expected(VERIFIER, NONCE, List.of(List.of("age_over_20")), Instant.now());
	}

	/** The issuer's JWT of the honest credential. */
	private String issuerJwt() throws Exception {
		return SDJWT.parse(this.credential).getCredentialJwt();
	}

	/** The honest presentation up to its key binding: the issuer's JWT and the age_over_20 disclosure. */
	private String disclosed(String issuerJwt) throws Exception {
		String disclosure = SDJWT.parse(this.credential).getDisclosures().stream()
			.filter((d) -> "age_over_20".equals(d.getClaimName())).findFirst().orElseThrow().getDisclosure();
		return issuerJwt + "~" + disclosure + "~";
	}

	private String keyBinding(String presented) throws Exception {
		return TestHolder.keyBinding(this.holderKey, presented, VERIFIER, NONCE, new Date());
	}

	private PublicKey issuerKey() throws Exception {
		return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(
				SignedJWT.parse(issuerJwt()).getHeader().getX509CertChain().get(0).decode()))).getPublicKey();
	}

	@FunctionalInterface
	interface Forge {

		List<Forgery> from(String genuine, PublicKey key) throws Exception;

	}

	/** Each forgery of the issuer's JWT, then of the key binding JWT, refused with one of the check's reasons. */
	private void bothChecksRefuse(Forge forge) throws Exception {
		for (Forgery forgery : forge.from(issuerJwt(), issuerKey())) {
			String presented = disclosed(forgery.token());
			refused("issuer JWT: " + forgery, presented + keyBinding(presented),
					Set.of("issuer-signature", "untrusted-issuer", "malformed"));
		}
		String presented = disclosed(issuerJwt());
		for (Forgery forgery : forge.from(keyBinding(presented), this.holderKey.toECPublicKey())) {
			refused("key binding JWT: " + forgery, presented + forgery.token(), Set.of("key-binding", "malformed"));
		}
	}

	private void refused(String what, String presentation, Set<String> reasons) {
		long started = System.nanoTime();
		try {
			this.checks.verify(presentation, expected());
			fail(what + " was accepted");
		}
		catch (PresentationChecks.Refused ex) {
			assertThat(ex.reason()).as(what).isIn(reasons);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as(what).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	@DisplayName("CVE-2022-21449 (Java ECDSA, 'psychic signatures'): r = s = 0, r = s = n, s = 0 in the issuer's and the key binding JWT — refused")
	void presentationWhenEcdsaSignatureIsZeroOrTheOrderThenRefused() throws Exception {
		bothChecksRefuse((genuine, key) -> JoseForgeries.psychicSignatures(genuine));
	}

	@Test
	@DisplayName("CVE-2022-23540 (jsonwebtoken): alg none in the issuer's and the key binding JWT — refused")
	void presentationWhenAlgIsNoneThenRefused() throws Exception {
		bothChecksRefuse((genuine, key) -> JoseForgeries.unsigned(genuine));
	}

	@Test
	@DisplayName("CVE-2015-9235 (jsonwebtoken): HS256 keyed with the issuer's or the holder's public key, ES512 and RS256 by a stranger — refused")
	void presentationWhenHmacWithThePublicKeyOrAnotherAlgorithmThenRefused() throws Exception {
		bothChecksRefuse(JoseForgeries::otherAlgorithms);
	}

	@Test
	@DisplayName("CVE-2018-0114 (node-jose): a stranger signs and names its own key (jwk, jku, x5u, a self-signed x5c, an injected kid) — refused")
	void presentationWhenHeaderNamesTheSignersOwnKeyThenRefused() throws Exception {
		bothChecksRefuse((genuine, key) -> JoseForgeries.selfNamedKeys(genuine));
	}

	@Test
	@DisplayName("CVE-2020-28042 (ServiceStack): an empty, missing, cut or overlong signature — refused")
	void presentationWhenSignatureIsEmptyOrCutThenRefused() throws Exception {
		bothChecksRefuse((genuine, key) -> JoseForgeries.missingSignatures(genuine));
	}

	@Test
	@DisplayName("CVE-2019-17195 (Nimbus JOSE+JWT): structurally broken issuer and key binding JWTs — refused as malformed or unbound, never an exception")
	void presentationWhenTokenIsMalformedThenRefused() throws Exception {
		bothChecksRefuse((genuine, key) -> JoseForgeries.malformed());
	}

	@Test
	@DisplayName("CVE-2025-53864 (Nimbus JOSE+JWT): issuer and key binding JWTs nested 20,000 deep, and a disclosure nested 20,000 deep (parsed before any signature) — refused quickly")
	void presentationWhenJsonIsNestedDeeplyThenRefusedQuickly() throws Exception {
		bothChecksRefuse((genuine, key) -> JoseForgeries.nested(genuine, 20_000));
		String deep = "[\"salt\",\"age_over_20\"," + "[".repeat(20_000) + "]".repeat(20_000) + "]";
		String disclosure = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(deep.getBytes());
		String presented = issuerJwt() + "~" + disclosure + "~";
		refused("a disclosure nested 20,000 deep", presented + keyBinding(presented), Set.of("malformed", "disclosures"));
	}

}
