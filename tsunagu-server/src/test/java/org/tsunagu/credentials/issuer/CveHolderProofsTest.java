package org.tsunagu.credentials.issuer;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.platform.JoseForgeries;
import org.tsunagu.platform.JoseForgeries.Forgery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The published JOSE forgeries against the credential issuer's check of a holder's proof of possession
 * ({@code openid4vci-proof+jwt}), a pure function: each refused as an invalid proof, quickly. The proof's key is
 * its {@code jwk} by design (OpenID4VCI appendix F.1), so a stranger embedding its own is a proof of the
 * stranger's key, not a forgery; every other way of naming a key is refused.
 */
class CveHolderProofsTest {

	static final String ISSUER = "https://id.tsunagu.example";

	ECKey holder;

	@BeforeEach
	void key() throws Exception {
		this.holder = new ECKeyGenerator(Curve.P_256).generate();
		assertThat(HolderProofs.verify(genuine(), ISSUER, Instant.now()).nonce()).isEqualTo("c-nonce");
	}

	private String genuine() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(HolderProofs.TYPE))
			.jwk(this.holder.toPublicJWK()).build(),
				new JWTClaimsSet.Builder().audience(ISSUER).issueTime(new Date()).claim("nonce", "c-nonce").build());
		jwt.sign(new ECDSASigner(this.holder));
		return jwt.serialize();
	}

	private static void refused(List<Forgery> forgeries) {
		assertThat(forgeries).isNotEmpty();
		for (Forgery forgery : forgeries) {
			long started = System.nanoTime();
			assertThatThrownBy(() -> HolderProofs.verify(forgery.token(), ISSUER, Instant.now())).as(forgery.attack())
				.isInstanceOf(HolderProofs.Invalid.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as(forgery.attack()).isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	@DisplayName("CVE-2022-21449 (Java ECDSA, 'psychic signatures'): a holder proof with r = s = 0, r = s = n, s = 0 — refused")
	void proofWhenEcdsaSignatureIsZeroOrTheOrderThenRefused() throws Exception {
		refused(JoseForgeries.psychicSignatures(genuine()));
	}

	@Test
	@DisplayName("CVE-2022-23540 (jsonwebtoken): a holder proof with alg none — refused")
	void proofWhenAlgIsNoneThenRefused() throws Exception {
		refused(JoseForgeries.unsigned(genuine()));
	}

	@Test
	@DisplayName("CVE-2015-9235 (jsonwebtoken): a holder proof with HS256 keyed with the holder's public key, ES512 or RS256 — refused")
	void proofWhenHmacWithThePublicKeyOrAnotherAlgorithmThenRefused() throws Exception {
		refused(JoseForgeries.otherAlgorithms(genuine(), this.holder.toECPublicKey()));
	}

	@Test
	@DisplayName("CVE-2018-0114 (node-jose): a holder proof signed by a stranger naming its key by jku, x5u, x5c or kid beside the holder's jwk — refused")
	void proofWhenHeaderNamesAnotherKeyThenRefused() throws Exception {
		refused(JoseForgeries.selfNamedKeys(genuine()).stream().filter((f) -> !f.attack().contains("as jwk")).toList());
	}

	@Test
	@DisplayName("CVE-2020-28042 (ServiceStack): a holder proof with an empty, missing, cut or overlong signature — refused")
	void proofWhenSignatureIsEmptyOrCutThenRefused() throws Exception {
		refused(JoseForgeries.missingSignatures(genuine()));
	}

	@Test
	@DisplayName("CVE-2019-17195 (Nimbus JOSE+JWT) and CVE-2025-53864 (Nimbus JOSE+JWT): broken holder proofs, and proofs nested 50,000 deep — refused, quickly, never an exception")
	void proofWhenMalformedOrNestedDeeplyThenRefused() throws Exception {
		refused(JoseForgeries.malformed());
		refused(JoseForgeries.nested(genuine(), 50_000));
	}

}
