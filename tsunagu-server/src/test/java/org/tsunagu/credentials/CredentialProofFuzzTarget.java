package org.tsunagu.credentials;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.tsunagu.fuzz.FuzzActors;
import org.tsunagu.fuzz.FuzzBounds;
import org.tsunagu.fuzz.FuzzJws;
import org.tsunagu.fuzz.FuzzServer;
import org.tsunagu.oidc.TestRelyingParty;

/**
 * Fuzz target: a wallet's proof of possession ({@code openid4vci-proof+jwt}, OpenID4VCI section 8.2.1) at the
 * credential issuer's credential endpoint, sent with the wallet's DPoP-bound token and a fresh nonce. Each input
 * replaces one part of an otherwise valid proof (its header or payload, then signed with the holder's key; its
 * signature; the whole text), or is the request's JSON body itself.
 * <p>
 * Input: a selector byte — bits 0-1 the proof's part ({@link FuzzJws.Part}), bit 2 whether the input is the body
 * (with {@code $proof} the genuine proof) — then the bytes, where {@code $jwk} (the holder's public key),
 * {@code $issuer}, {@code $nonce}, {@code $now}, {@code $jti} and {@code $proof} stand for the genuine values.
 * <p>
 * Its rule (besides {@link FuzzServer}'s): the credential (200), or 400, 401 or 403 as problem+json; a refusal
 * writes nothing but the DPoP proof's id.
 */
public final class CredentialProofFuzzTarget {

	static final String HEADER = "{\"typ\":\"openid4vci-proof+jwt\",\"alg\":\"ES256\",\"jwk\":$jwk}";

	static final String PAYLOAD = "{\"aud\":\"$issuer\",\"iat\":$now,\"nonce\":\"$nonce\"}";

	static final String BODY = "{\"credential_configuration_id\":\"tsunagu_age\",\"proofs\":{\"jwt\":[\"$proof\"]}}";

	static final Set<String> MAY_WRITE = Set.of("oidc_assertion_jti");

	private CredentialProofFuzzTarget() {
	}

	public static void fuzzerInitialize() {
		FuzzWallet.get();
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		FuzzWallet wallet = FuzzWallet.get();
		FuzzServer server = FuzzServer.get();
		FuzzJws.Part part = FuzzJws.Part.of(data[0]);
		boolean body = (data[0] & 4) == 4;
		byte[] fuzz = Arrays.copyOfRange(data, 1, data.length);
		Map<String, String> values = FuzzJws.values(Map.of("jwk", wallet.holderKey.toPublicJWK().toJSONString(), "issuer",
				wallet.origin, "nonce", wallet.nonce()));
		String proof = body ? FuzzJws.genuine(HEADER, PAYLOAD, wallet.holderKey, values)
				: FuzzJws.mutate(part, fuzz, HEADER, PAYLOAD, wallet.holderKey, values);
		values.put("proof", proof);
		byte[] json = FuzzJws.fill(body ? fuzz : BODY.getBytes(StandardCharsets.UTF_8), values);
		TestHolder holder = wallet.holder();
		String url = wallet.origin + "/api/v1/credentials/credential";
		HttpRequest.Builder request = server.request("/api/v1/credentials/credential")
			.header("Content-Type", "application/json")
			.header("Authorization", "DPoP " + holder.accessToken)
			.header("DPoP", TestRelyingParty.dpop(holder.dpopKey, "POST", url, holder.accessToken))
			.POST(HttpRequest.BodyPublishers.ofByteArray(json));
		boolean[] expired = new boolean[1];
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(request, MAY_WRITE);
			if (answer.statusCode() == 200) {
				return;
			}
			expired[0] = answer.statusCode() == 401;
			FuzzActors.problem(answer, 400, 401, 403);
		});
		if (expired[0]) {
			// the wallet's token lives minutes: a long run takes a new one
			wallet.renewToken();
		}
	}

}
