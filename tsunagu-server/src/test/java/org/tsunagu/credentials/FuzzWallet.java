package org.tsunagu.credentials;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.fuzz.FuzzActors;

/**
 * A person's wallet and a shop, for the fuzz targets of the credential issuer and the verifier: a resident with a
 * card, an age credential taken with a holder key of its own (the wallet's DPoP-bound token kept), and a shop
 * registered as a verifier whose requests the wallet answers, each once: {@link #pending(boolean)} keeps one plain
 * ({@code direct_post}) and one encrypted ({@code direct_post.jwt}) request open until an answer ends it.
 */
public final class FuzzWallet {

	static final String QUERY = """
			{"response_mode":"%s","dcql_query":{"credentials":[{"id":"age","format":"dc+sd-jwt",
			 "meta":{"vct_values":["%s/credentials/types/age"]},"claims":[{"path":["age_over_20"]}]}]}}""";

	private static FuzzWallet wallet;

	final String origin = FuzzActors.origin();

	TestHolder holder;

	/** The issuer-signed JWT of the age credential, and the disclosure of {@code age_over_20} (its JSON, decoded). */
	final String issuerJwt;

	final String disclosure;

	final ECKey holderKey;

	private final TestOrganisations.Org shop;

	private final TestHolder.Person person;

	private final Pending[] open = new Pending[2];

	/** An open request as the wallet reads it: its state and nonce, and for an encrypted answer, the key to encrypt to. */
	public record Pending(String state, String nonce, ECKey key) {
	}

	private FuzzWallet() throws Exception {
		this.person = TestHolder.Person.enrol(FuzzActors.api(), Files.createTempDirectory("fuzz-wallet"), "銀座2-");
		List<String> credentials = new ArrayList<>();
		this.holder = TestHolder.take(this.person.wallet(), this.origin, "tsunagu_age", 1, credentials);
		com.authlete.sd.SDJWT sdJwt = com.authlete.sd.SDJWT.parse(credentials.get(0));
		this.issuerJwt = sdJwt.getCredentialJwt();
		this.disclosure = sdJwt.getDisclosures()
			.stream()
			.filter((d) -> "age_over_20".equals(d.getClaimName()))
			.map((d) -> new String(Base64.getUrlDecoder().decode(d.getDisclosure()), StandardCharsets.UTF_8))
			.findFirst()
			.orElseThrow();
		this.holderKey = this.holder.holderKeys.get(0);
		this.shop = FuzzActors.organisation("verifier", "fuzz-shop-" + FuzzActors.digits(6), null).org();
	}

	public static synchronized FuzzWallet get() {
		if (wallet == null) {
			try {
				wallet = new FuzzWallet();
			}
			catch (Exception ex) {
				throw new IllegalStateException("cannot set up the wallet", ex);
			}
		}
		return wallet;
	}

	/** The open request of a mode, asked for by the shop when none is. */
	synchronized Pending pending(boolean encrypted) throws Exception {
		int at = encrypted ? 1 : 0;
		if (this.open[at] == null) {
			HttpResponse<String> created = this.shop.send("POST", "/api/v1/presentations",
					QUERY.formatted(encrypted ? "direct_post.jwt" : "direct_post", this.origin));
			if (created.statusCode() != 201) {
				throw new IllegalStateException(created.body());
			}
			String uri = FuzzActors.json(created).get("requestUri").asString();
			HttpResponse<String> fetched = TestHolder.send(HttpRequest.newBuilder(URI.create(uri)));
			JWTClaimsSet object = SignedJWT.parse(fetched.body()).getJWTClaimsSet();
			ECKey key = null;
			if (encrypted) {
				@SuppressWarnings("unchecked")
				Map<String, Object> jwks = (Map<String, Object>) object.getJSONObjectClaim("client_metadata").get("jwks");
				key = JWKSet.parse(jwks).getKeys().get(0).toECKey();
			}
			this.open[at] = new Pending(object.getStringClaim("state"), object.getStringClaim("nonce"), key);
		}
		return this.open[at];
	}

	/** The request of a mode was answered (or refused, which ends it too): the next input gets a new one. */
	synchronized void ended(boolean encrypted) {
		this.open[encrypted ? 1 : 0] = null;
	}

	/** The verifier's client id, which a key binding JWT names as its audience. */
	String audience() {
		return "x509_san_dns:localhost";
	}

	/** A JWE (ECDH-ES, A128GCM) of these payload bytes to a request's key, as a wallet encrypts its answer. */
	static String encrypt(byte[] payload, ECKey to) throws Exception {
		JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.ECDH_ES, EncryptionMethod.A128GCM)
			.keyID(to.getKeyID())
			.build(), new Payload(payload));
		jwe.encrypt(new ECDHEncrypter(to));
		return jwe.serialize();
	}

	/** The SD-JWT's hash for a key binding JWT's {@code sd_hash}: SHA-256 of what is presented, base64url. */
	static String sdHash(String presented) throws Exception {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.US_ASCII)));
	}

	/** The wallet's DPoP-bound token at the credential issuer, and the key it is bound to. */
	TestHolder holder() {
		return this.holder;
	}

	/** A new token for the wallet, should the one it has have expired. */
	synchronized void renewToken() throws Exception {
		this.holder = TestHolder.take(this.person.wallet(), this.origin, "tsunagu_age", 1, new ArrayList<>());
	}

	/** The person whose wallet this is. */
	public String residentId() {
		return this.person.residentId();
	}

	/** A POST of JSON to the resident's own APIs, as the wallet sends it: its card's token and a fresh DPoP proof. */
	public HttpResponse<String> asResident(String path, String body) {
		return this.person.wallet().postJson(this.origin + path, body);
	}

	/** The wallet's DPoP-bound token at the credential issuer. */
	public String holderToken() {
		return this.holder.accessToken;
	}

	/** The key the wallet's token at the credential issuer is bound to. */
	public ECKey holderDpopKey() {
		return this.holder.dpopKey;
	}

	/** A fresh nonce from the credential issuer, as a wallet asks before its proofs. */
	String nonce() throws Exception {
		return this.holder.nonce();
	}

}
