package org.tsunagu.credentials.verifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectDecoder;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.platform.CryptoProviders;

import org.springframework.stereotype.Component;

/**
 * One SD-JWT VC presentation checked the way RFC 9901 section 7 and SD-JWT VC say: the issuer's signature by a key
 * of the trust list, its validity, every disclosure committed to exactly once by a digest in the signed payload (no
 * added, repeated or clashing claim), the key binding JWT signed by the holder's key in {@code cnf} for this verifier
 * ({@code aud}), this request ({@code nonce}), recently ({@code iat}), over exactly these disclosures
 * ({@code sd_hash}), and the credential's entry in its status list. The answer carries only the claims asked for.
 */
@Component
public class PresentationChecks {

	static final Duration KEY_BINDING_AGE = Duration.ofMinutes(5);

	static final Duration AHEAD = Duration.ofSeconds(10);

	private static final Set<String> RESERVED = Set.of("_sd", "...", "_sd_alg");

	private final TrustList trust;

	private final StatusCheck status;

	PresentationChecks(TrustList trust, StatusCheck status) {
		this.trust = trust;
		this.status = status;
	}

	/** What the presentation must answer: this verifier, this request's nonce, the claims the query asks for. */
	public record Expected(String audience, String nonce, List<List<String>> claims, Instant now) {
	}

	/** A presentation that holds: who issued it, its type, the asked-for claims, and its status entry. */
	public record Verified(String issuer, String vct, Map<String, Object> claims, String statusUri, Integer statusIndex) {
	}

	/** Why a presentation is refused: a stable reason and plain words; never the presentation's content. */
	public static final class Refused extends Exception {

		private final String reason;

		Refused(String reason, String message) {
			super(message, null, false, false);
			this.reason = reason;
		}

		public String reason() {
			return this.reason;
		}

	}

	public Verified verify(String presentation, Expected expected) throws Refused {
		if (presentation == null || presentation.length() > 65_536 || presentation.endsWith("~")) {
			throw new Refused("malformed", "The presentation is an SD-JWT with a key binding JWT, at most 64 KiB.");
		}
		SDJWT sdJwt;
		SignedJWT credential;
		JWTClaimsSet claims;
		try {
			sdJwt = SDJWT.parse(presentation);
			credential = SignedJWT.parse(sdJwt.getCredentialJwt());
			claims = credential.getJWTClaimsSet();
		}
		catch (ParseException | RuntimeException ex) {
			throw new Refused("malformed", "The presentation is not an SD-JWT.");
		}
		if (sdJwt.getBindingJwt() == null) {
			throw new Refused("key-binding", "The presentation has no key binding JWT.");
		}
		Date at = Date.from(expected.now());
		String type = credential.getHeader().getType() == null ? null : credential.getHeader().getType().getType();
		if (!JWSAlgorithm.ES256.equals(credential.getHeader().getAlgorithm()) || !("dc+sd-jwt".equals(type) || "vc+sd-jwt".equals(type))) {
			throw new Refused("issuer-signature", "The credential is an ES256 JWT of type dc+sd-jwt.");
		}
		PublicKey issuerKey = this.trust.key(claims.getIssuer(), credential.getHeader(), at)
			.orElseThrow(() -> new Refused("untrusted-issuer", "The credential's issuer is not in the trust list."));
		if (!verifies(credential, issuerKey)) {
			throw new Refused("issuer-signature", "The issuer's signature does not verify.");
		}
		String vct = claims.getClaims().get("vct") instanceof String v ? v : null;
		if (!this.trust.mayIssue(claims.getIssuer(), vct)) {
			throw new Refused("issuer-not-for-type", "The credential's issuer is not trusted for credentials of its type.");
		}
		if (claims.getExpirationTime() == null || !claims.getExpirationTime().after(at)
				|| (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(expected.now().plus(AHEAD)))) {
			throw new Refused("expired", "The credential has expired or is not valid yet.");
		}
		Map<String, Object> payload = claims.getClaims();
		if (payload.containsKey("_sd_alg") && !"sha-256".equals(payload.get("_sd_alg"))) {
			throw new Refused("disclosures", "The credential's digests are sha-256.");
		}
		checkDisclosures(payload, sdJwt.getDisclosures());
		checkKeyBinding(presentation, sdJwt.getBindingJwt(), payload, expected);
		@SuppressWarnings("unchecked")
		Map<String, Object> decoded = (Map<String, Object>) decode(payload, sdJwt.getDisclosures());
		String statusUri = null;
		Integer statusIndex = null;
		if (payload.get("status") instanceof Map<?, ?> status && status.get("status_list") instanceof Map<?, ?> list) {
			if (!(list.get("uri") instanceof String uri) || !(list.get("idx") instanceof Number idx)) {
				throw new Refused("status", "The credential's status entry names a uri and an idx.");
			}
			statusUri = uri;
			statusIndex = idx.intValue();
			if (this.status.revoked(claims.getIssuer(), uri, statusIndex, expected.now())) {
				throw new Refused("revoked", "The credential has been revoked.");
			}
		}
		return new Verified(claims.getIssuer(), (String) payload.get("vct"), asked(decoded, expected.claims()), statusUri,
				statusIndex);
	}

	/**
	 * Every disclosure's digest is committed to once, in the signed payload or inside a value that a committed
	 * disclosure reveals (an object's members disclosed one by one); none names a reserved or already present claim.
	 */
	private static void checkDisclosures(Map<String, Object> payload, List<Disclosure> disclosures) throws Refused {
		Map<String, Set<String>> committed = new HashMap<>();
		collect(payload, committed);
		Map<String, Disclosure> byDigest = new HashMap<>();
		for (Disclosure disclosure : disclosures) {
			if (byDigest.put(disclosure.digest(), disclosure) != null) {
				throw new Refused("disclosures", "A disclosure is sent twice.");
			}
		}
		Set<String> opened = new java.util.HashSet<>();
		boolean grew = true;
		while (grew) {
			grew = false;
			for (Map.Entry<String, Disclosure> entry : byDigest.entrySet()) {
				if (committed.containsKey(entry.getKey()) && opened.add(entry.getKey())) {
					collect(entry.getValue().getClaimValue(), committed);
					grew = true;
				}
			}
		}
		for (Map.Entry<String, Disclosure> entry : byDigest.entrySet()) {
			if (!committed.containsKey(entry.getKey())) {
				throw new Refused("disclosures", "A disclosure is not one the issuer signed.");
			}
			String name = entry.getValue().getClaimName();
			if (name != null && (RESERVED.contains(name) || committed.get(entry.getKey()).contains(name))) {
				throw new Refused("disclosures", "A disclosure names a reserved or already present claim.");
			}
		}
	}

	/** Digest to the plain claim names beside it, for every {@code _sd} and array element digest in a value. */
	@SuppressWarnings("unchecked")
	private static void collect(Object value, Map<String, Set<String>> committed) throws Refused {
		if (value instanceof Map<?, ?> map) {
			Set<String> plain = new java.util.HashSet<>();
			for (Object key : map.keySet()) {
				plain.add(String.valueOf(key));
			}
			if (map.get("_sd") instanceof List<?> digests) {
				for (Object digest : digests) {
					if (committed.put(String.valueOf(digest), plain) != null) {
						throw new Refused("disclosures", "A digest is committed twice (RFC 9901, section 7.1).");
					}
				}
			}
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!"_sd".equals(entry.getKey())) {
					collect(entry.getValue(), committed);
				}
			}
		}
		else if (value instanceof List<?> list) {
			for (Object element : list) {
				if (element instanceof Map<?, ?> m && m.size() == 1 && m.get("...") instanceof String digest) {
					if (committed.put(digest, Set.of()) != null) {
						throw new Refused("disclosures", "A digest is committed twice (RFC 9901, section 7.1).");
					}
				}
				else {
					collect(element, committed);
				}
			}
		}
	}

	private static void checkKeyBinding(String presentation, String binding, Map<String, Object> payload, Expected expected)
			throws Refused {
		SignedJWT kb;
		JWTClaimsSet claims;
		try {
			kb = SignedJWT.parse(binding);
			claims = kb.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new Refused("key-binding", "The key binding JWT is not a signed JWT.");
		}
		if (kb.getHeader().getType() == null || !"kb+jwt".equals(kb.getHeader().getType().getType())
				|| !JWSAlgorithm.ES256.equals(kb.getHeader().getAlgorithm())) {
			throw new Refused("key-binding", "The key binding JWT is an ES256 JWT of type kb+jwt.");
		}
		ECKey holder;
		try {
			@SuppressWarnings("unchecked")
			Map<String, Object> cnf = (Map<String, Object>) payload.get("cnf");
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) cnf.get("jwk");
			holder = ECKey.parse(jwk);
		}
		catch (ParseException | RuntimeException ex) {
			throw new Refused("key-binding", "The credential names no holder key (cnf.jwk).");
		}
		try {
			if (!verifies(kb, holder.toECPublicKey())) {
				throw new Refused("key-binding", "The key binding JWT is not signed by the holder's key.");
			}
		}
		catch (JOSEException ex) {
			throw new Refused("key-binding", "The key binding JWT is not signed by the holder's key.");
		}
		if (claims.getAudience() == null || claims.getAudience().size() != 1 || !expected.audience().equals(claims.getAudience().get(0))) {
			throw new Refused("key-binding", "The key binding JWT is for another verifier.");
		}
		if (!expected.nonce().equals(claims.getClaim("nonce"))) {
			throw new Refused("key-binding", "The key binding JWT answers another request (nonce).");
		}
		Date iat = claims.getIssueTime();
		if (iat == null || iat.toInstant().isBefore(expected.now().minus(KEY_BINDING_AGE)) || iat.toInstant().isAfter(expected.now().plus(AHEAD))) {
			throw new Refused("key-binding", "The key binding JWT is too old or dated ahead.");
		}
		String presented = presentation.substring(0, presentation.lastIndexOf('~') + 1);
		if (!sha256(presented).equals(claims.getClaim("sd_hash"))) {
			throw new Refused("key-binding", "The key binding JWT's sd_hash is not over these disclosures.");
		}
	}

	/** The claims with their disclosures put back, at every depth (a disclosed object's own disclosed members too). */
	@SuppressWarnings("unchecked")
	private static Object decode(Object value, List<Disclosure> disclosures) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> decoded = new LinkedHashMap<>();
			new SDObjectDecoder().decode((Map<String, Object>) map, disclosures)
				.forEach((name, member) -> decoded.put(name, decode(member, disclosures)));
			return decoded;
		}
		if (value instanceof List<?> list) {
			return new SDObjectDecoder().decode(list, disclosures).stream().map((element) -> decode(element, disclosures)).toList();
		}
		return value;
	}

	/** Only the claims at the paths asked for; a path asked for and not disclosed is a refusal. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> asked(Map<String, Object> decoded, List<List<String>> paths) throws Refused {
		Map<String, Object> answer = new LinkedHashMap<>();
		for (List<String> path : paths) {
			Object value = decoded;
			Map<String, Object> into = answer;
			for (int i = 0; i < path.size(); i++) {
				String name = path.get(i);
				if (!(value instanceof Map<?, ?> map) || !map.containsKey(name)) {
					throw new Refused("claims-missing", "The presentation does not disclose " + String.join(".", path) + ".");
				}
				value = map.get(name);
				if (i < path.size() - 1) {
					into = (Map<String, Object>) into.computeIfAbsent(name, (k) -> new LinkedHashMap<>());
				}
				else {
					into.put(name, value);
				}
			}
		}
		return answer;
	}

	private static boolean verifies(SignedJWT jwt, PublicKey key) {
		try {
			ECDSAVerifier verifier = new ECDSAVerifier((ECPublicKey) key);
			verifier.getJCAContext().setProvider(CryptoProviders.ecdsa());
			return jwt.verify(verifier);
		}
		catch (JOSEException | ClassCastException ex) {
			return false;
		}
	}

	static String sha256(String text) {
		try {
			return Base64.getUrlEncoder().withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
