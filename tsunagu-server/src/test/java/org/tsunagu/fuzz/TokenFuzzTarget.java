package org.tsunagu.fuzz;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.oidc.TestRelyingParty;

/**
 * Fuzz target: client authentication and DPoP at the token endpoint (an insurer's client credentials grant) and at
 * the pushed authorization request endpoint (a relying party's sign-in). Each input replaces one part of one of
 * two otherwise valid JWS: the {@code private_key_jwt} client assertion (RFC 7523) or the DPoP proof (RFC 9449) —
 * its header or payload (then signed with the client's genuine key, so that the checks behind the signature are
 * reached), its signature, or the whole text.
 * <p>
 * Input: a selector byte — bit 0 the endpoint (token, PAR), bit 1 whether {@code client_id} is sent, bit 2 which
 * JWS (assertion, proof), bits 3-4 the part ({@link FuzzJws.Part}) — then the part's bytes, where {@code $now},
 * {@code $exp}, {@code $jti}, {@code $client}, {@code $issuer}, {@code $kid}, {@code $jwk} and {@code $htu} stand
 * for the genuine values.
 * <p>
 * Its rule (besides {@link FuzzServer}'s): a grant (200) or a pushed request (201), else 400, 401 or 429 as an OAuth
 * error in JSON; a refusal may have recorded only the assertion's {@code jti} (once the client is authenticated, its
 * assertion is spent whatever follows).
 */
public final class TokenFuzzTarget {

	static final String ASSERTION_HEADER = "{\"alg\":\"ES256\",\"kid\":\"$kid\"}";

	static final String ASSERTION = "{\"iss\":\"$client\",\"sub\":\"$client\",\"aud\":\"$issuer\",\"jti\":\"$jti\","
			+ "\"iat\":$now,\"exp\":$exp}";

	static final String PROOF_HEADER = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":$jwk}";

	static final String PROOF = "{\"jti\":\"$jti\",\"htm\":\"POST\",\"htu\":\"$htu\",\"iat\":$now}";

	static final Set<String> MAY_WRITE = Set.of("oidc_assertion_jti");

	private static TestOrganisations.Org insurer;

	private static TestRelyingParty bank;

	private TokenFuzzTarget() {
	}

	public static void fuzzerInitialize() {
		parties();
	}

	private static synchronized void parties() {
		if (insurer == null) {
			insurer = FuzzActors.organisation("insurer", FuzzActors.digits(8));
			try {
				bank = TestRelyingParty.register(FuzzActors.api(), "[\"openid\",\"profile\"]", "low", null);
			}
			catch (Exception ex) {
				throw new IllegalStateException("cannot register the relying party", ex);
			}
		}
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		parties();
		FuzzServer server = FuzzServer.get();
		int selector = data[0] & 0xff;
		boolean par = (selector & 1) == 1;
		boolean clientId = (selector & 2) == 2;
		boolean proof = (selector & 4) == 4;
		FuzzJws.Part part = FuzzJws.Part.of(selector >> 3);
		byte[] fuzz = Arrays.copyOfRange(data, 1, data.length);
		TestRelyingParty client = par ? bank : insurer.client();
		String path = par ? "/oauth2/par" : "/oauth2/token";
		Map<String, String> values = FuzzJws.values(Map.of("client", client.clientId, "issuer", client.issuer, "kid",
				client.clientKey.getKeyID(), "jwk", client.dpopKey.toPublicJWK().toJSONString(), "htu", server.base + path));
		String assertion = proof ? FuzzJws.genuine(ASSERTION_HEADER, ASSERTION, client.clientKey, values)
				: FuzzJws.mutate(part, fuzz, ASSERTION_HEADER, ASSERTION, client.clientKey, values);
		values = FuzzJws.values(values);
		String dpop = proof ? FuzzJws.mutate(part, fuzz, PROOF_HEADER, PROOF, client.dpopKey, values)
				: FuzzJws.genuine(PROOF_HEADER, PROOF, client.dpopKey, values);
		Map<String, String> form = par ? client.authorizationParameters(TestRelyingParty.Pkce.create(), "openid")
				: new LinkedHashMap<>(Map.of("grant_type", "client_credentials", "scope", "coverage:write",
						"client_id", client.clientId));
		if (!clientId) {
			form.remove("client_id");
		}
		form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.put("client_assertion", assertion);
		HttpRequest.Builder request = server.request(path)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(form)));
		if (!dpop.isEmpty()) {
			request.header("DPoP", dpop);
		}
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(request, MAY_WRITE);
			if (answer.statusCode() >= 400) {
				FuzzActors.oauthError(answer, 400, 401, 429);
			}
			else {
				FuzzActors.requireStatus(answer, par ? 201 : 200);
			}
		});
	}

}
