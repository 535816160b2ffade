package org.tsunagu.wallet.credentials;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.authlete.sd.SDJWT;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An SD-JWT VC as the wallet holds it: the issuer-signed JWT and its disclosures, each disclosure committed to
 * exactly once by a digest in the signed payload or in the value of another committed disclosure, none naming a
 * reserved claim or one already there (RFC 9901 section 7.1, steps 3 to 5). The issuer's signature is checked
 * apart ({@link IssuerKeys}). Knows which disclosures a set of claim paths needs, and nothing more.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9901#section-7.1">RFC 9901 section 7.1</a>
 */
final class SdJwtVc {

	/** The claims of the envelope that every presentation shows: who issued it, its type, validity, key, status. */
	static final Set<String> ENVELOPE = Set.of("iss", "iat", "nbf", "exp", "vct", "vct#integrity", "cnf", "status", "_sd_alg");

	/** A credential's entry in a Token Status List. */
	record Status(String uri, int index) {
	}

	private final String issuerJwt;

	private final SignedJWT jwt;

	private final JsonNode payload;

	private final Disclosures disclosures;

	private SdJwtVc(String issuerJwt, SignedJWT jwt, JsonNode payload, Disclosures disclosures) {
		this.issuerJwt = issuerJwt;
		this.jwt = jwt;
		this.payload = payload;
		this.disclosures = disclosures;
	}

	/** Parses an SD-JWT without key binding ({@code JWT~D1~...~}) and checks how its disclosures are committed. */
	static SdJwtVc parse(String text) {
		SDJWT sdJwt;
		SignedJWT jwt;
		JsonNode payload;
		Disclosures disclosures;
		try {
			sdJwt = SDJWT.parse(text);
			jwt = SignedJWT.parse(sdJwt.getCredentialJwt());
			payload = Wire.object("The credential's payload", jwt.getPayload().toString());
			disclosures = Disclosures.of(sdJwt.getDisclosures());
		}
		catch (ParseException | RuntimeException ex) {
			if (ex instanceof WalletException wallet) {
				throw wallet;
			}
			throw new WalletException("That is not an SD-JWT (a signed JWT, then disclosures, each ended by ~).");
		}
		if (sdJwt.getBindingJwt() != null || !"sha-256".equals(payload.path("_sd_alg").asString("sha-256"))) {
			throw new WalletException("The credential has a key binding already, or digests other than sha-256.");
		}
		disclosures.checkCommitted(payload);
		return new SdJwtVc(sdJwt.getCredentialJwt(), jwt, payload, disclosures);
	}

	SignedJWT jwt() {
		return this.jwt;
	}

	String issuer() {
		return this.payload.path("iss").asString(null);
	}

	String vct() {
		return this.payload.path("vct").asString(null);
	}

	/** When it expires, or {@code null} when it says not. */
	Instant expiresAt() {
		return this.payload.path("exp").isNumber() ? Instant.ofEpochSecond(this.payload.path("exp").asLong()) : null;
	}

	Instant notBefore() {
		JsonNode nbf = this.payload.has("nbf") ? this.payload.path("nbf") : this.payload.path("iat");
		return nbf.isNumber() ? Instant.ofEpochSecond(nbf.asLong()) : null;
	}

	/** The holder's key ({@code cnf.jwk}) as JSON, or a missing node. */
	JsonNode holderJwk() {
		return this.payload.path("cnf").path("jwk");
	}

	/** Its status list entry, if it has one. */
	Optional<Status> status() {
		JsonNode list = this.payload.path("status").path("status_list");
		return list.path("uri").isString() && list.path("idx").isInt() && list.path("idx").asInt() >= 0
				? Optional.of(new Status(list.path("uri").asString(), list.path("idx").asInt())) : Optional.empty();
	}

	/** Every claim the holder may disclose, with every disclosure put back; the envelope's claims left out. */
	ObjectNode claims() {
		return claims(this.disclosures.digests());
	}

	/** The claims a verifier sees when these disclosures are presented (by digest); the envelope's left out. */
	ObjectNode claims(Set<String> disclosed) {
		ObjectNode claims = (ObjectNode) this.disclosures.decode(this.payload, disclosed);
		ENVELOPE.forEach(claims::remove);
		return claims;
	}

	/** The names of the claims, a member of an object as {@code address.locality}. */
	static List<String> names(JsonNode claims) {
		List<String> names = new ArrayList<>();
		for (Map.Entry<String, JsonNode> claim : claims.properties()) {
			if (claim.getValue().isObject() && !claim.getValue().isEmpty()) {
				names(claim.getValue()).forEach((member) -> names.add(claim.getKey() + "." + member));
			}
			else {
				names.add(claim.getKey());
			}
		}
		return names;
	}

	/**
	 * The fewest disclosures (by digest, in the credential's order) that disclose every path: along each path the
	 * disclosure of each selectively disclosed step (a member's object too), and at its end the whole value with
	 * what it holds. Empty when a path is not in the credential.
	 */
	Optional<List<String>> disclosuresFor(List<List<String>> paths) {
		Set<String> chosen = new HashSet<>();
		for (List<String> path : paths) {
			JsonNode at = this.payload;
			for (String name : path) {
				if (!at.isObject() || Disclosures.RESERVED.contains(name)) {
					return Optional.empty();
				}
				if (at.has(name)) {
					at = at.get(name);
					continue;
				}
				String digest = digestOf(at, name);
				if (digest == null) {
					return Optional.empty();
				}
				chosen.add(digest);
				at = this.disclosures.get(digest).value();
			}
			this.disclosures.within(at, chosen);
		}
		return Optional.of(this.disclosures.digests().stream().filter(chosen::contains).toList());
	}

	/** The presentation of these disclosures (by digest), up to and including the last {@code ~}: what sd_hash covers. */
	String present(List<String> digests) {
		StringBuilder presented = new StringBuilder(this.issuerJwt).append('~');
		digests.forEach((digest) -> presented.append(this.disclosures.get(digest).disclosure().getDisclosure()).append('~'));
		return presented.toString();
	}

	private String digestOf(JsonNode object, String name) {
		for (JsonNode digest : object.path("_sd")) {
			Disclosures.Disclosed d = this.disclosures.get(digest.asString(""));
			if (d != null && name.equals(d.name())) {
				return digest.asString();
			}
		}
		return null;
	}

}
