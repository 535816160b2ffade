package org.tsunagu.fuzz;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.tsunagu.oidc.TestRelyingParty;

/**
 * Fuzz target: signed request objects (RFC 9101) pushed to PAR, as a FAPI 2.0 Message Signing client sends them:
 * the {@code request} parameter, the client's id and its genuine {@code private_key_jwt} assertion. Each input
 * replaces one part of an otherwise valid request object — its header or payload (then signed with the client's
 * genuine key, so that the checks behind the signature are reached: {@code iss}, {@code aud}, {@code nbf},
 * {@code exp}, the parameters it carries), its signature, or the whole text.
 * <p>
 * Input: a selector byte — bits 0-1 the part ({@link FuzzJws.Part}) — then the part's bytes, where {@code $client},
 * {@code $issuer}, {@code $kid}, {@code $redirect}, {@code $challenge}, {@code $now}, {@code $exp} and {@code $jti}
 * stand for the genuine values.
 * <p>
 * Its rule (besides {@link FuzzServer}'s): 201 with a {@code request_uri}, or 400/401 as OAuth JSON (429 when the
 * client's allowance is spent); a refusal writes nothing but the assertion's spent id.
 */
public final class RequestObjectFuzzTarget {

	static final String HEADER = "{\"alg\":\"ES256\",\"typ\":\"oauth-authz-req+jwt\",\"kid\":\"$kid\"}";

	static final String PAYLOAD = "{\"iss\":\"$client\",\"aud\":\"$issuer\",\"jti\":\"$jti\",\"iat\":$now,\"nbf\":$now,"
			+ "\"exp\":$exp,\"response_type\":\"code\",\"client_id\":\"$client\",\"redirect_uri\":\"$redirect\","
			+ "\"scope\":\"openid\",\"state\":\"s-$jti\",\"nonce\":\"n-$jti\",\"code_challenge\":\"$challenge\","
			+ "\"code_challenge_method\":\"S256\"}";

	static final Set<String> MAY_WRITE = Set.of("oidc_assertion_jti");

	private static TestRelyingParty bank;

	private RequestObjectFuzzTarget() {
	}

	public static void fuzzerInitialize() {
		client();
	}

	private static synchronized TestRelyingParty client() {
		if (bank == null) {
			try {
				bank = TestRelyingParty.register(FuzzActors.api(), "[\"openid\",\"profile\"]", "low", null);
			}
			catch (Exception ex) {
				throw new IllegalStateException("cannot register the relying party", ex);
			}
		}
		return bank;
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		TestRelyingParty client = client();
		FuzzServer server = FuzzServer.get();
		FuzzJws.Part part = FuzzJws.Part.of(data[0] & 0xff);
		byte[] fuzz = Arrays.copyOfRange(data, 1, data.length);
		Map<String, String> values = FuzzJws.values(Map.of("client", client.clientId, "issuer", client.issuer, "kid",
				client.clientKey.getKeyID(), "redirect", TestRelyingParty.REDIRECT, "challenge",
				TestRelyingParty.Pkce.create().challenge()));
		String object = FuzzJws.mutate(part, fuzz, HEADER, PAYLOAD, client.clientKey, values);
		Map<String, String> form = new LinkedHashMap<>();
		form.put("client_id", client.clientId);
		form.put("request", object);
		form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.put("client_assertion", client.assertion());
		HttpRequest.Builder request = server.request("/oauth2/par")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(form)));
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(request, MAY_WRITE);
			if (answer.statusCode() >= 400) {
				FuzzActors.oauthError(answer, 400, 401, 429);
			}
			else {
				FuzzActors.requireStatus(answer, 201);
			}
		});
	}

}
