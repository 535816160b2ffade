package org.tsunagu.credentials.issuer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectBuilder;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * An SD-JWT VC ({@code dc+sd-jwt}) as RFC 9901 and SD-JWT VC define it: every claim of the configuration in a
 * disclosure of its own (a 128-bit salt each), an object's members disclosable one by one inside a disclosable
 * object, decoy digests among the real ones so that their count tells nothing, the holder's key in {@code cnf},
 * and the status list entry in {@code status}. Disclosures, salts and digests are Authlete's {@code sd-jwt}
 * library's; the signature is the issuer key's.
 */
final class SdJwtVcs {

	/** Decoys added to each {@code _sd} array. */
	static final int DECOYS = 3;

	static final String TYPE = "dc+sd-jwt";

	private SdJwtVcs() {
	}

	/** What goes into one credential besides its claims. */
	record Envelope(String issuer, String vct, ECKey holderKey, Instant issuedAt, Instant expiresAt, String statusUri,
			int statusIndex) {
	}

	static String issue(IssuerKey key, Envelope envelope, Map<String, Object> claims) {
		List<Disclosure> disclosures = new ArrayList<>();
		SDObjectBuilder top = new SDObjectBuilder();
		for (Map.Entry<String, Object> claim : claims.entrySet()) {
			Object value = claim.getValue();
			if (value instanceof Map<?, ?> members) {
				SDObjectBuilder inner = new SDObjectBuilder();
				for (Map.Entry<?, ?> member : members.entrySet()) {
					disclosures.add(inner.putSDClaim(String.valueOf(member.getKey()), member.getValue()));
				}
				inner.putDecoyDigests(DECOYS);
				value = inner.build();
			}
			disclosures.add(top.putSDClaim(claim.getKey(), value));
		}
		top.putDecoyDigests(DECOYS);
		JWTClaimsSet.Builder payload = new JWTClaimsSet.Builder();
		top.build(true).forEach(payload::claim);
		payload.issuer(envelope.issuer())
			.issueTime(Date.from(envelope.issuedAt()))
			.notBeforeTime(Date.from(envelope.issuedAt()))
			.expirationTime(Date.from(envelope.expiresAt()))
			.claim("vct", envelope.vct())
			.claim("cnf", Map.of("jwk", envelope.holderKey().toPublicJWK().toJSONObject()))
			.claim("status", Map.of("status_list", Map.of("idx", envelope.statusIndex(), "uri", envelope.statusUri())));
		String jwt = key.sign(TYPE, payload.build());
		return new SDJWT(jwt, disclosures).toString();
	}

}
