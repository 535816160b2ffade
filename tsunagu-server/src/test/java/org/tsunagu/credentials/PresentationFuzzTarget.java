package org.tsunagu.credentials;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.tsunagu.fuzz.FuzzActors;
import org.tsunagu.fuzz.FuzzBounds;
import org.tsunagu.fuzz.FuzzJws;
import org.tsunagu.fuzz.FuzzServer;
import org.tsunagu.oidc.TestRelyingParty;

/**
 * Fuzz target: a wallet's answers to a shop's OpenID4VP request at the verifier's response endpoint — a
 * {@code direct_post} with a {@code vp_token} holding an SD-JWT VC with key binding, or a {@code direct_post.jwt}
 * whose {@code response} is a JWE to the request's key. Each input replaces one part of an otherwise valid answer of
 * the person's age credential to an open request, so that the checks behind each signature are reached.
 * <p>
 * Input: a selector byte — bits 0-2 the part: 0 the whole {@code vp_token}; 1 the key binding JWT's header, 2 its
 * payload (both signed with the holder's key); 3 the disclosure's JSON (the key binding then hashing what is
 * presented); 4 the issuer-signed JWT's header (its signature then no longer matching); 5 the JWE's plaintext
 * (encrypted to the request's key); 6 the JWE's protected header; 7 the whole {@code response} — then the part's
 * bytes, where {@code $presentation} (the genuine one), {@code $disclosure}, {@code $header} (the issuer JWT's),
 * {@code $state}, {@code $nonce}, {@code $aud}, {@code $sdhash}, {@code $kid}, {@code $jwe} and {@code $now} stand for
 * the genuine values.
 * <p>
 * Its rule (besides {@link FuzzServer}'s): accepted (200), or 400 as problem+json; a refused presentation
 * ({@code presentation-refused}) ends its request and records why, and nothing else that is refused writes.
 */
public final class PresentationFuzzTarget {

	static final String KB_HEADER = "{\"typ\":\"kb+jwt\",\"alg\":\"ES256\"}";

	static final String KB_PAYLOAD = "{\"aud\":\"$aud\",\"iat\":$now,\"nonce\":\"$nonce\",\"sd_hash\":\"$sdhash\"}";

	static final String ANSWER = "{\"state\":\"$state\",\"vp_token\":{\"age\":[\"$presentation\"]}}";

	/** Where a refused presentation is recorded, with its reason. */
	static final Set<String> MAY_WRITE = Set.of("presentation_request");

	private PresentationFuzzTarget() {
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
		int part = data[0] & 7;
		boolean encrypted = part >= 5;
		byte[] fuzz = Arrays.copyOfRange(data, 1, data.length);
		FuzzWallet.Pending pending = wallet.pending(encrypted);
		Map<String, String> values = new HashMap<>(Map.of("state", pending.state(), "nonce", pending.nonce(), "aud",
				wallet.audience(), "disclosure", wallet.disclosure, "header", new String(java.util.Base64.getUrlDecoder()
					.decode(wallet.issuerJwt.substring(0, wallet.issuerJwt.indexOf('.'))), StandardCharsets.UTF_8)));
		values = FuzzJws.values(values);
		values.put("presentation", presentation(wallet, part, fuzz, values));
		Map<String, String> form = new HashMap<>();
		if (encrypted) {
			String jwe = FuzzWallet.encrypt(FuzzJws.fill(part == 5 ? fuzz : ANSWER.getBytes(StandardCharsets.UTF_8), values),
					pending.key());
			values.put("kid", pending.key().getKeyID());
			values.put("jwe", jwe);
			form.put("response", switch (part) {
				case 6 -> FuzzJws.b64(FuzzJws.fill(fuzz, values)) + jwe.substring(jwe.indexOf('.'));
				case 7 -> FuzzJws.ascii(FuzzJws.fill(fuzz, values));
				default -> jwe;
			});
		}
		else {
			form.put("state", pending.state());
			form.put("vp_token", part == 0 ? new String(FuzzJws.fill(fuzz, values), StandardCharsets.UTF_8)
					: "{\"age\":[\"" + values.get("presentation") + "\"]}");
		}
		HttpRequest.Builder request = server.request("/presentations/responses")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(form)));
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(request, MAY_WRITE);
			if (answer.statusCode() == 200) {
				wallet.ended(encrypted);
				return;
			}
			FuzzActors.problem(answer, 400);
			String type = FuzzActors.json(answer).path("type").asString();
			if (type.endsWith(":presentation-refused") || type.endsWith(":presentation-not-pending")) {
				// refused, it is answered; not pending under its genuine state, it has expired: a new one is asked for
				wallet.ended(encrypted);
			}
			if (!type.endsWith(":presentation-refused") && !server.written().isEmpty()) {
				throw new FuzzBounds.FuzzFinding("a refusal (" + type + ") wrote to " + server.written());
			}
		});
	}

	/** The presentation (issuer JWT, disclosure, key binding JWT) with the part an input names replaced. */
	private static String presentation(FuzzWallet wallet, int part, byte[] fuzz, Map<String, String> values)
			throws Exception {
		String issuerJwt = wallet.issuerJwt;
		if (part == 4) {
			issuerJwt = FuzzJws.b64(FuzzJws.fill(fuzz, values)) + issuerJwt.substring(issuerJwt.indexOf('.'));
		}
		byte[] disclosure = part == 3 ? FuzzJws.fill(fuzz, values) : wallet.disclosure.getBytes(StandardCharsets.UTF_8);
		String presented = issuerJwt + "~" + FuzzJws.b64(disclosure) + "~";
		Map<String, String> kb = new HashMap<>(values);
		kb.put("sdhash", FuzzWallet.sdHash(presented));
		byte[] header = part == 1 ? FuzzJws.fill(fuzz, kb) : KB_HEADER.getBytes(StandardCharsets.UTF_8);
		byte[] payload = FuzzJws.fill(part == 2 ? fuzz : KB_PAYLOAD.getBytes(StandardCharsets.UTF_8), kb);
		return presented + FuzzJws.sign(header, payload, wallet.holderKey);
	}

}
