package org.tsunagu.credentials;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.credentials.verifier.PresentationChecks;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.CardToken;
import org.tsunagu.wallet.Slot;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verifier's checks of an SD-JWT VC presentation, against credentials this platform issued and one another
 * issuer made with a key in the trust list: what a shop asking "over 20" learns, and every way a presentation can
 * be tampered with, each named after the section of RFC 9901 it comes from.
 */
@TsunaguTest
class PresentationChecksTest {

	static final String VERIFIER = "x509_san_dns:shop.example";

	static final List<List<String>> OVER_20 = List.of(List.of("age_over_20"));

	@Autowired
	TestApi api;

	@Autowired
	PresentationChecks checks;

	@Autowired
	TsunaguProperties properties;

	@TempDir
	Path dir;

	CardToken wallet;

	TestHolder holder;

	List<String> ages = new ArrayList<>();

	List<String> pids = new ArrayList<>();

	TestHolder pidHolder;

	@BeforeEach
	void setUp() throws Exception {
		this.wallet = TestHolder.Person.enrol(this.api, this.dir, "内幸町1-").wallet();
		this.holder = TestHolder.take(this.wallet, origin(), "tsunagu_age", 2, this.ages);
		this.pidHolder = TestHolder.take(this.wallet, origin(), "tsunagu_pid", 1, this.pids);
	}

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	PresentationChecks.Verified verify(String presentation, String nonce) throws PresentationChecks.Refused {
		return this.checks.verify(presentation, new PresentationChecks.Expected(VERIFIER, nonce, OVER_20, Instant.now()));
	}

	String overTwenty(int copy, String nonce) throws Exception {
		return TestHolder.present(this.ages.get(copy), this.holder.holderKeys.get(copy), List.of("age_over_20"), VERIFIER, nonce,
				new Date());
	}

	@Test
	void aShopAskingOverTwentyLearnsThatAndNothingElse() throws Exception {
		PresentationChecks.Verified verified = verify(overTwenty(0, "n-1"), "n-1");
		assertThat(verified.claims()).isEqualTo(Map.of("age_over_20", true));
		assertThat(verified.issuer()).isEqualTo(origin());
		assertThat(verified.vct()).isEqualTo(origin() + "/credentials/types/age");
		// a wallet that discloses more still gives the shop only what it asked
		String everything = TestHolder.present(this.ages.get(1), this.holder.holderKeys.get(1),
				List.of("age_over_18", "age_over_20", "age_over_65"), VERIFIER, "n-2", new Date());
		assertThat(verify(everything, "n-2").claims()).containsOnlyKeys("age_over_20");
		// an address member disclosed on its own, inside the disclosed address
		String locality = TestHolder.present(this.pids.get(0), this.pidHolder.holderKeys.get(0), List.of("address.locality"),
				VERIFIER, "n-3", new Date());
		assertThat(this.checks.verify(locality, new PresentationChecks.Expected(VERIFIER, "n-3",
				List.of(List.of("address", "locality")), Instant.now())).claims())
			.isEqualTo(Map.of("address", Map.of("locality", "千代田区")));
	}

	@Test
	void section_9_2_manipulatedDisclosuresAreRefused() throws Exception {
		String honest = overTwenty(0, "n");
		SDJWT parsed = SDJWT.parse(honest);
		String jwt = parsed.getCredentialJwt();
		// removed: the asked-for claim is not there
		String removed = jwt + "~" + TestHolder.keyBinding(this.holder.holderKeys.get(0), jwt + "~", VERIFIER, "n", new Date());
		refused(removed, "n", "claims-missing");
		// added: a disclosure the issuer never signed, with a fresh salt
		String forged = new Disclosure("age_over_20", true).getDisclosure();
		String added = jwt + "~" + forged + "~";
		refused(added + TestHolder.keyBinding(this.holder.holderKeys.get(0), added, VERIFIER, "n", new Date()), "n", "disclosures");
		// changed: the same salt and name, another value
		Disclosure real = parsed.getDisclosures().get(0);
		String changed = jwt + "~" + new Disclosure(real.getSalt(), real.getClaimName(), false).getDisclosure() + "~";
		refused(changed + TestHolder.keyBinding(this.holder.holderKeys.get(0), changed, VERIFIER, "n", new Date()), "n", "disclosures");
		// repeated
		String twice = jwt + "~" + real.getDisclosure() + "~" + real.getDisclosure() + "~";
		refused(twice + TestHolder.keyBinding(this.holder.holderKeys.get(0), twice, VERIFIER, "n", new Date()), "n", "disclosures");
		// taken from another copy of the same credential: its digests are not in this one
		String other = SDJWT.parse(overTwenty(1, "n")).getDisclosures().get(0).getDisclosure();
		String mixed = jwt + "~" + other + "~";
		refused(mixed + TestHolder.keyBinding(this.holder.holderKeys.get(0), mixed, VERIFIER, "n", new Date()), "n", "disclosures");
	}

	@Test
	void section_9_5_keyBindingIsForThisVerifierThisRequestNowAndTheseDisclosures() throws Exception {
		refused(overTwenty(0, "n"), "another-nonce", "key-binding");
		String elsewhere = TestHolder.present(this.ages.get(0), this.holder.holderKeys.get(0), List.of("age_over_20"),
				"x509_san_dns:other.example", "n", new Date());
		refused(elsewhere, "n", "key-binding");
		String old = TestHolder.present(this.ages.get(0), this.holder.holderKeys.get(0), List.of("age_over_20"), VERIFIER, "n",
				new Date(System.currentTimeMillis() - 600_000));
		refused(old, "n", "key-binding");
		// signed by a key that is not the credential's holder key
		String stolen = TestHolder.present(this.ages.get(0), new ECKeyGenerator(Curve.P_256).generate(), List.of("age_over_20"),
				VERIFIER, "n", new Date());
		refused(stolen, "n", "key-binding");
		// the key binding JWT of one presentation moved to another set of disclosures
		String honest = overTwenty(0, "n");
		String kb = honest.substring(honest.lastIndexOf('~') + 1);
		String jwt = SDJWT.parse(honest).getCredentialJwt();
		String more = TestHolder.present(this.ages.get(0), this.holder.holderKeys.get(0), List.of("age_over_20", "age_over_18"),
				VERIFIER, "n", new Date());
		refused(more.substring(0, more.lastIndexOf('~') + 1) + kb, "n", "key-binding");
		// no key binding at all
		refused(jwt + "~" + SDJWT.parse(honest).getDisclosures().get(0).getDisclosure() + "~", "n", "malformed");
	}

	@Test
	void section_9_1_and_9_8_anIssuerSignatureIsRequiredAndOnlyFromAKeyOnTheTrustList() throws Exception {
		ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
		ECKey holderKey = new ECKeyGenerator(Curve.P_256).generate();
		String foreign = issue(stranger, "https://issuer.example", holderKey);
		refused(TestHolder.present(foreign, holderKey, List.of("age_over_20"), VERIFIER, "n", new Date()), "n", "untrusted-issuer");
		// an issuer listed with its key but not for this type is refused: it may vouch only for the types listed
		Files.writeString(this.properties.dataDir().resolve("trusted-issuers.json"),
				"{\"issuers\":[{\"iss\":\"https://issuer.example\",\"jwks\":{\"keys\":[" + stranger.toPublicJWK().toJSONString() + "]}}]}");
		try {
			refused(TestHolder.present(foreign, holderKey, List.of("age_over_20"), VERIFIER, "n", new Date()), "n", "issuer-not-for-type");
		}
		finally {
			Files.delete(this.properties.dataDir().resolve("trusted-issuers.json"));
		}
		// once an operator lists the issuer's key for the type, its credential is accepted
		Files.writeString(this.properties.dataDir().resolve("trusted-issuers.json"),
				"{\"issuers\":[{\"iss\":\"https://issuer.example\",\"vct_values\":[\"https://issuer.example/age\"],"
						+ "\"jwks\":{\"keys\":[" + stranger.toPublicJWK().toJSONString() + "]}}]}");
		try {
			assertThat(verify(TestHolder.present(foreign, holderKey, List.of("age_over_20"), VERIFIER, "n", new Date()), "n").claims())
				.isEqualTo(Map.of("age_over_20", true));
			// the issuer signature made by another key with the listed key id
			String impostor = issue(new ECKeyGenerator(Curve.P_256).keyID("stranger").generate(), "https://issuer.example", holderKey);
			refused(TestHolder.present(impostor, holderKey, List.of("age_over_20"), VERIFIER, "n", new Date()), "n", "issuer-signature");
		}
		finally {
			Files.delete(this.properties.dataDir().resolve("trusted-issuers.json"));
		}
		// our own credential with its iss changed no longer matches its certificate
		String ours = this.ages.get(0);
		SignedJWT original = SignedJWT.parse(SDJWT.parse(ours).getCredentialJwt());
		String body = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
				new JWTClaimsSet.Builder(original.getJWTClaimsSet()).issuer("https://issuer.example").build().toString().getBytes());
		String swapped = original.getHeader().toBase64URL() + "." + body + "." + original.getSignature() + ours.substring(ours.indexOf('~'));
		refused(TestHolder.present(swapped, this.holder.holderKeys.get(0), List.of("age_over_20"), VERIFIER, "n", new Date()), "n",
				"untrusted-issuer");
	}

	@Test
	void aSuspendedCardsCredentialIsRevokedAtOnce() throws Exception {
		String presentation = overTwenty(0, "n");
		verify(presentation, "n");
		String cardId = TestHolder.JSON.readTree(this.wallet.get(origin() + "/api/v1/me/cards")).path("cards").get(0)
			.path("cardId").asString();
		assertThat(this.wallet.postJson(origin() + "/api/v1/me/cards/" + cardId + "/suspend", "").statusCode()).isEqualTo(200);
		refused(presentation, "n", "revoked");
	}

	/** A credential by another issuer, as an SD-JWT VC library elsewhere would make it. */
	private static String issue(ECKey issuerKey, String issuer, ECKey holderKey) throws Exception {
		com.authlete.sd.SDObjectBuilder builder = new com.authlete.sd.SDObjectBuilder();
		Disclosure over20 = builder.putSDClaim("age_over_20", true);
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer)
			.issueTime(new Date())
			.expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
			.claim("vct", "https://issuer.example/age")
			.claim("cnf", Map.of("jwk", holderKey.toPublicJWK().toJSONObject()));
		builder.build(true).forEach(claims::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dc+sd-jwt"))
			.keyID(issuerKey.getKeyID()).build(), claims.build());
		jwt.sign(new ECDSASigner(issuerKey));
		return jwt.serialize() + "~" + over20.getDisclosure() + "~";
	}

	private void refused(String presentation, String nonce, String reason) {
		assertThatThrownBy(() -> verify(presentation, nonce)).isInstanceOf(PresentationChecks.Refused.class)
			.satisfies((ex) -> assertThat(((PresentationChecks.Refused) ex).reason()).isEqualTo(reason));
	}

}
