package org.tsunagu.fuzz;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.tsunagu.eligibility.TestOrganisations;

/**
 * Fuzz target: DPoP proofs (RFC 9449, section 7) at the platform's APIs, sent by an agency and an insurer with their
 * genuine DPoP-bound access tokens. Each input replaces one part of the proof (its header or payload, then signed
 * with the token's key; its signature; the whole text), or the {@code Authorization} header.
 * <p>
 * Input: a selector byte — bits 0-1 the proof's part ({@link FuzzJws.Part}), bits 2-3 the {@code Authorization}
 * header (0 {@code DPoP} and the token, 1 {@code Bearer} and the token, 2 the input itself with the genuine proof,
 * 3 {@code DPoP} and the token with no proof), bit 4 the API (an agency's list of agencies, an insurer's coverage
 * overlaps) — then the bytes, where {@code $now}, {@code $jti}, {@code $jwk}, {@code $htu}, {@code $ath} and
 * {@code $token} stand for the genuine values.
 * <p>
 * Its rule (besides {@link FuzzServer}'s): 200, or 401 with {@code WWW-Authenticate} (400 or 403 as problem+json);
 * the token as a bearer token or without its proof is never accepted; a refusal may have recorded only the proof's
 * id ({@code oidc_assertion_jti}, where the APIs keep the ids of the proofs they have seen, so that none is used
 * twice).
 */
public final class DpopResourceFuzzTarget {

	static final String HEADER = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":$jwk}";

	static final String PAYLOAD = "{\"jti\":\"$jti\",\"htm\":\"GET\",\"htu\":\"$htu\",\"iat\":$now,\"ath\":\"$ath\"}";

	/** The table where the APIs record the ids of the DPoP proofs they accepted. */
	static final Set<String> MAY_WRITE = Set.of("oidc_assertion_jti");

	private static TestOrganisations.Org agency;

	private static TestOrganisations.Org insurer;

	private DpopResourceFuzzTarget() {
	}

	public static void fuzzerInitialize() {
		parties();
	}

	private static synchronized void parties() {
		if (agency == null) {
			agency = FuzzActors.organisation("agency", "fuzz-dpop-" + FuzzActors.digits(6), "http://127.0.0.1:9/exchange").org();
			insurer = FuzzActors.organisation("insurer", FuzzActors.digits(8));
		}
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		parties();
		FuzzServer server = FuzzServer.get();
		int selector = data[0] & 0xff;
		FuzzJws.Part part = FuzzJws.Part.of(selector);
		int authorization = (selector >> 2) & 3;
		TestOrganisations.Org caller = (selector & 16) == 0 ? agency : insurer;
		String path = caller == agency ? "/api/v1/exchange/agencies" : "/api/v1/coverage/overlaps";
		byte[] fuzz = Arrays.copyOfRange(data, 1, data.length);
		Map<String, String> values = FuzzJws.values(Map.of("jwk", caller.client().dpopKey.toPublicJWK().toJSONString(),
				"htu", server.base + path, "ath", FuzzJws.ath(caller.token()), "token", caller.token()));
		HttpRequest.Builder request = server.request(path).GET();
		if (authorization == 2) {
			request.header("Authorization", FuzzJws.ascii(FuzzJws.fill(fuzz, values)));
			request.header("DPoP", FuzzJws.genuine(HEADER, PAYLOAD, caller.client().dpopKey, values));
		}
		else {
			request.header("Authorization", (authorization == 1 ? "Bearer " : "DPoP ") + caller.token());
			String proof = FuzzJws.mutate(part, fuzz, HEADER, PAYLOAD, caller.client().dpopKey, values);
			if (authorization != 3 && !proof.isEmpty()) {
				request.header("DPoP", proof);
			}
		}
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(request, MAY_WRITE);
			if (answer.statusCode() == 200 && (authorization == 1 || authorization == 3)) {
				throw new FuzzBounds.FuzzFinding("a DPoP-bound token accepted without its proof");
			}
			if (answer.statusCode() == 401) {
				if (answer.headers().firstValue("WWW-Authenticate").isEmpty()) {
					throw new FuzzBounds.FuzzFinding("401 without WWW-Authenticate: " + answer.body());
				}
			}
			else if (answer.statusCode() != 200) {
				FuzzActors.problem(answer, 400, 403);
			}
		});
	}

}
