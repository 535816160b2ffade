package org.tsunagu.fuzz;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tsunagu.credentials.FuzzWallet;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.oidc.TestRelyingParty;

/**
 * Fuzz target: the JSON body of each API that takes one ({@code @RequestBody}), as its caller sends it: an operator
 * with every role, an insurer, a clinic, a verifier or an agency with its own DPoP-bound token, a person's wallet
 * (with the card's token, or the credential issuer's), or anyone for the public ones. The bodies test the JSON reader's limits (size, depth, duplicate names, numbers, Unicode) as much as
 * each API's own checks.
 * <p>
 * Input: a selector byte (the endpoint, modulo {@link #ENDPOINTS}' size), then the body, where {@code $resident},
 * {@code $number}, {@code $card}, {@code $othercard}, {@code $child}, {@code $parent}, {@code $delegation},
 * {@code $client}, {@code $requester}, {@code $provider}, {@code $rule}, {@code $pincode}, {@code $origin},
 * {@code $parentnumber}, {@code $proxyservice}, {@code $walletcard}, {@code $mandate}, {@code $now}, {@code $jti} and
 * {@code $cards} (two fresh certificate requests) stand for what {@link FuzzApiFixtures} made.
 * <p>
 * Its rule (besides {@link FuzzServer}'s): a 2xx, or a refusal as problem+json with 400, 404, 409, 413, 415 or 422
 * (and the few others an endpoint documents) that writes nothing but what the endpoint documents (an operator's
 * attempt is logged, refused or not; a caller's DPoP proof id is recorded).
 */
public final class ApiJsonFuzzTarget {

	/** What every endpoint may refuse with. */
	static final int[] REFUSALS = { 400, 404, 409, 413, 415, 422 };

	/** Every change an operator asks for is logged, refused ones too: the log's entries are the only write allowed. */
	static final Set<String> OPERATOR_LOG = Set.of("log_entry");

	/** An API taking JSON, who calls it, and what else it may answer or write when it refuses. */
	record Endpoint(String method, String path, String caller, String type, List<Integer> refusals, Set<String> mayWrite) {

		static Endpoint operator(String method, String path) {
			return new Endpoint(method, path, "operator", "application/json", List.of(), OPERATOR_LOG);
		}

		static Endpoint as(String caller, String method, String path, Integer... refusals) {
			return new Endpoint(method, path, caller, "application/json", List.of(refusals),
					Set.of("oidc_assertion_jti"));
		}

	}

	static final List<Endpoint> ENDPOINTS = List.of(Endpoint.operator("POST", "/api/v1/residents"),
			Endpoint.operator("POST", "/api/v1/residents/search"),
			Endpoint.operator("POST", "/api/v1/residents/$resident/events"),
			Endpoint.operator("POST", "/api/v1/relying-parties"),
			new Endpoint("PATCH", "/api/v1/relying-parties/$client", "operator", "application/merge-patch+json", List.of(),
					OPERATOR_LOG),
			Endpoint.operator("POST", "/api/v1/organisations"),
			Endpoint.operator("POST", "/api/v1/residents/$resident/cards"),
			Endpoint.operator("POST", "/api/v1/cards/$othercard/revoke"),
			Endpoint.operator("POST", "/api/v1/cards/$card/pin-reset"),
			Endpoint.operator("POST", "/api/v1/cards/$card/renew"),
			Endpoint.operator("POST", "/api/v1/exchange/rules"),
			Endpoint.operator("PATCH", "/api/v1/exchange/rules/$rule"),
			Endpoint.operator("POST", "/api/v1/delegations"),
			Endpoint.operator("POST", "/api/v1/delegations/$delegation/end"),
			Endpoint.operator("POST", "/api/v1/residents/$child/protection-orders"),
			Endpoint.as("public", "POST", "/api/v1/cards/$card/pin-reset/redeem", 403),
			Endpoint.as("public", "POST", "/api/v1/signatures/verify"),
			Endpoint.as("public", "POST", "/signin/pairings/challenge", 429),
			// a code locks after three bad approvals: the count of bad ones is kept
			new Endpoint("POST", "/signin/pairings/approval", "public", "application/json", List.of(403, 429),
					Set.of("signin_pairing")),
			Endpoint.as("insurer", "PUT", "/api/v1/coverage/members/K-1"),
			Endpoint.as("clinic", "POST", "/api/v1/eligibility/checks", 403),
			Endpoint.as("verifier", "POST", "/api/v1/presentations"),
			Endpoint.as("agency", "POST", "/api/v1/exchange/codes"),
			Endpoint.as("resident", "POST", "/api/v1/me/credential-offers"),
			// at most 20 drafts a day for each person
			Endpoint.as("resident", "POST", "/api/v1/me/mandates", 429),
			Endpoint.as("resident", "POST", "/api/v1/me/mandates/$mandate/signature"),
			Endpoint.as("resident", "POST", "/api/v1/me/cards/$walletcard/renew"),
			Endpoint.as("holder", "POST", "/api/v1/credentials/deferred_credential", 401, 403));

	private ApiJsonFuzzTarget() {
	}

	public static void fuzzerInitialize() {
		FuzzApiFixtures.get();
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		FuzzApiFixtures fixtures = FuzzApiFixtures.get();
		FuzzServer server = FuzzServer.get();
		Endpoint endpoint = ENDPOINTS.get((data[0] & 0xff) % ENDPOINTS.size());
		byte[] template = Arrays.copyOfRange(data, 1, data.length);
		Map<String, String> values = fixtures.values(contains(template, "$cards"));
		String path = new String(FuzzJws.fill(endpoint.path().getBytes(StandardCharsets.UTF_8), values),
				StandardCharsets.UTF_8);
		byte[] body = FuzzJws.fill(template, values);
		HttpRequest.Builder request = server.request(path)
			.header("Content-Type", endpoint.type())
			.method(endpoint.method(), HttpRequest.BodyPublishers.ofByteArray(body));
		authorise(request, endpoint.method(), endpoint.caller(), server.base + path, fixtures);
		FuzzServer.Call call = endpoint.caller().equals("resident")
				? () -> FuzzWallet.get().asResident(path, new String(body, StandardCharsets.UTF_8))
				: server.call(request);
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(call, endpoint.mayWrite());
			if (answer.statusCode() / 100 == 2) {
				return;
			}
			int[] allowed = Arrays.copyOf(REFUSALS, REFUSALS.length + endpoint.refusals().size());
			for (int i = 0; i < endpoint.refusals().size(); i++) {
				allowed[REFUSALS.length + i] = endpoint.refusals().get(i);
			}
			FuzzActors.problem(answer, allowed);
		});
	}

	private static void authorise(HttpRequest.Builder request, String method, String caller, String url,
			FuzzApiFixtures fixtures)
			throws Exception {
		if (caller.equals("operator")) {
			request.header("Authorization", "Bearer " + FuzzActors.api().operatorToken());
		}
		else if (caller.equals("holder")) {
			FuzzWallet wallet = FuzzWallet.get();
			request.header("Authorization", "DPoP " + wallet.holderToken());
			request.header("DPoP", TestRelyingParty.dpop(wallet.holderDpopKey(), method, url, wallet.holderToken()));
		}
		else if (!caller.equals("public") && !caller.equals("resident")) {
			TestOrganisations.Org org = fixtures.organisations.get(caller).org();
			request.header("Authorization", "DPoP " + org.token());
			request.header("DPoP", org.client().dpop(method, url, org.token()));
		}
	}

	private static boolean contains(byte[] bytes, String text) {
		byte[] wanted = text.getBytes(StandardCharsets.US_ASCII);
		outer: for (int i = 0; i + wanted.length <= bytes.length; i++) {
			for (int j = 0; j < wanted.length; j++) {
				if (bytes[i + j] != wanted[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
