package org.tsunagu.fuzz;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.tsunagu.agency.AgencyClient;
import org.tsunagu.agency.ReferenceAgency;
import org.tsunagu.registry.TestResidents;

/**
 * Fuzz target: an agency's signed exchange request (a compact JWS of {@code typ exchange-request+jwt}) at the
 * exchange hub, from a city asking the tax office — the reference agency, answering on loopback — for a person's
 * income certificate under a rule that allows it. Each input replaces one part of an otherwise valid request: its
 * header or payload (then signed with the city's registered key), its signature, or the whole body.
 * <p>
 * Input: a selector byte — bits 0-1 the part ({@link FuzzJws.Part}) — then the part's bytes, where {@code $rid} (a
 * new request id), {@code $subject} (the city's code for the person), {@code $provider} (the tax office's id),
 * {@code $kid}, {@code $now} and {@code $jti} stand for the genuine values.
 * <p>
 * Its rule (besides {@link FuzzServer}'s): the tax office's answer relayed (200), or problem+json with 400, 403, 404,
 * 409, 413 or 422. A request that is not signed as it must be, or not well formed (400), or names no one the hub
 * knows (404), writes nothing; a refusal under the law (403, 422) is recorded for the person; a reused request id
 * (409) is found by the write that fails.
 */
public final class ExchangeFuzzTarget {

	static final String HEADER = "{\"alg\":\"ES256\",\"typ\":\"exchange-request+jwt\",\"kid\":\"$kid\"}";

	static final String PAYLOAD = "{\"requestId\":\"$rid\",\"subject\":\"$subject\",\"provider\":\"$provider\","
			+ "\"item\":\"income-certificate\",\"purpose\":\"child-allowance\",\"iat\":$now}";

	/** What a request refused under the law writes: the exchange and its attempt, and the person's access log. */
	static final Set<String> RECORDED = Set.of("exchange_request", "exchange_attempt", "log_entry",
			"event_publication", "oidc_assertion_jti");

	private static FuzzActors.Registered city;

	private static Map<String, String> genuine;

	private ExchangeFuzzTarget() {
	}

	public static void fuzzerInitialize() {
		parties();
	}

	private static synchronized void parties() {
		if (city != null) {
			return;
		}
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			String origin = FuzzActors.origin();
			FuzzActors.Registered tax = FuzzActors.organisation("agency", "fuzz-tax-" + FuzzActors.digits(6),
					"http://127.0.0.1:" + port + "/exchange");
			FuzzActors.Registered requester = FuzzActors.organisation("agency", "fuzz-city-" + FuzzActors.digits(6),
					"http://127.0.0.1:9/exchange");
			String number = FuzzActors.api()
				.postJson("/api/v1/residents", TestResidents.katsukoAt("霞が関" + FuzzActors.digits(4)))
				.jsonBody()
				.get("individualNumber")
				.asString();
			ReferenceAgency office = new ReferenceAgency(new AgencyClient(origin, tax.org().client().clientId,
					tax.org().client().clientKey), tax.id(), "income-certificate")
				.start("127.0.0.1", port);
			office.keepByNumber(number, FuzzActors.JSON.createObjectNode().put("fiscalYear", 2025).put("totalIncome", 4_210_000));
			String subject = new AgencyClient(origin, requester.org().client().clientId, requester.org().client().clientKey)
				.link(number);
			FuzzActors.api().postJson("/api/v1/exchange/rules", """
					{"requester":"%s","provider":"%s","item":"income-certificate","purpose":"child-allowance",
					 "provision":"Number Use Act, Article 19(8) and Annex: child-allowance","validFrom":"2017-11-13","validTo":null}"""
				.formatted(requester.id(), tax.id()));
			genuine = Map.of("subject", subject, "provider", tax.id(), "kid", requester.org().client().clientKey.getKeyID());
			city = requester;
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot set up the exchange", ex);
		}
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		parties();
		FuzzServer server = FuzzServer.get();
		FuzzJws.Part part = FuzzJws.Part.of(data[0]);
		byte[] fuzz = Arrays.copyOfRange(data, 1, data.length);
		Map<String, String> values = new HashMap<>(genuine);
		values.put("rid", "req-" + UUID.randomUUID());
		values = FuzzJws.values(values);
		byte[] body = part == FuzzJws.Part.WHOLE ? FuzzJws.fill(fuzz, values)
				: FuzzJws.mutate(part, fuzz, HEADER, PAYLOAD, city.org().client().clientKey, values)
					.getBytes(StandardCharsets.US_ASCII);
		String url = server.base + "/api/v1/exchange/requests";
		HttpRequest.Builder request = server.request("/api/v1/exchange/requests")
			.header("Content-Type", "application/jose")
			.header("Authorization", "DPoP " + city.org().token())
			.header("DPoP", city.org().client().dpop("POST", url, city.org().token()))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(request, RECORDED);
			if (answer.statusCode() == 200) {
				if (!FuzzActors.json(answer).path("response").isString()) {
					throw new FuzzBounds.FuzzFinding("an answer without the hub's signed result: " + answer.body());
				}
				return;
			}
			FuzzActors.problem(answer, 400, 403, 404, 409, 413, 422);
			Set<String> written = new HashSet<>(server.written());
			// the API records the DPoP proof's id before the request is read
			written.remove("oidc_assertion_jti");
			if (answer.statusCode() == 409) {
				written.remove("exchange_request");
			}
			if (answer.statusCode() != 403 && answer.statusCode() != 422 && !written.isEmpty()) {
				throw new FuzzBounds.FuzzFinding("HTTP " + answer.statusCode() + " wrote to " + written);
			}
		});
	}

}
