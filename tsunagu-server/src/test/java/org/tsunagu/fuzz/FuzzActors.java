package org.tsunagu.fuzz;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.tsunagu.TestApi;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.operator.OperatorCredentials;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parties an HTTP fuzz target acts as, set up through the API as they would be in production: an operator with
 * every role, and organisations of each kind (insurer, clinic, agency, verifier), each with its own key and
 * DPoP-bound token.
 */
public final class FuzzActors {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, String> SCOPES = Map.of("insurer", "coverage:write", "clinic", "eligibility:check",
			"agency", "exchange:link exchange:request", "verifier", "presentation:request");

	private static TestApi api;

	private FuzzActors() {
	}

	/** The operator API as a client with every role. */
	public static synchronized TestApi api() {
		if (api == null) {
			FuzzServer server = FuzzServer.get();
			api = new TestApi(server.context.getBean(JsonMapper.class), server.context.getEnvironment(),
					server.context.getBean(OperatorCredentials.class));
		}
		return api;
	}

	/** The server's origin, which is also the OpenID Provider's issuer. */
	public static String origin() {
		return FuzzServer.get().base;
	}

	/** A new organisation of a kind (its identifier in the kind's own form) with its DPoP-bound token. */
	public static TestOrganisations.Org organisation(String kind, String identifier) {
		return organisation(kind, identifier, null).org();
	}

	/**
	 * A new organisation of a kind, with its key, its DPoP-bound token and, for an agency, the endpoint it answers
	 * exchanges at.
	 */
	public static Registered organisation(String kind, String identifier, String endpoint) {
		try {
			ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kind + "-" + identifier).generate();
			Map<String, Object> form = new LinkedHashMap<>(Map.of("kind", kind, "name", Map.of("en", "Fuzz " + kind,
					"ja", "ファズ"), "identifier", identifier, "jwks", Map.of("keys", List.of(key.toPublicJWK().toJSONObject()))));
			if (endpoint != null) {
				form.put("endpoint", endpoint);
			}
			TestApi.Response registered = api().postJson("/api/v1/organisations", JSON.writeValueAsString(form));
			if (registered.status() != 201) {
				throw new IllegalStateException(registered.body());
			}
			TestRelyingParty client = TestRelyingParty.of(api(), key, registered.jsonBody().get("clientId").asString());
			HttpResponse<String> granted = client.token(Map.of("grant_type", "client_credentials", "scope", SCOPES.get(kind)),
					client.dpop("POST", client.issuer + "/oauth2/token", null));
			if (granted.statusCode() != 200) {
				throw new IllegalStateException(granted.body());
			}
			return new Registered(registered.jsonBody().get("id").asString(),
					new TestOrganisations.Org(client, json(granted).get("access_token").asString(), identifier));
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot register the " + kind, ex);
		}
	}

	/** A registered organisation: its id, and its client acting with its own token. */
	public record Registered(String id, TestOrganisations.Org org) {
	}

	/** An identifier of {@code n} digits, new in this run (insurers and clinics are numbered). */
	public static String digits(int n) {
		String digits = Long.toString(Math.abs(System.nanoTime()) + 1_000_000_000_000_000L);
		return digits.substring(digits.length() - n);
	}

	/** The JSON of an answer that must be JSON. */
	public static JsonNode json(HttpResponse<String> answer) {
		return JSON.readTree(answer.body());
	}

	/**
	 * Holds an OAuth error answer (RFC 6749, section 5.2) to its shape: JSON with an {@code error} code, and a status
	 * among those allowed.
	 */
	public static void oauthError(HttpResponse<String> answer, int... allowed) {
		requireStatus(answer, allowed);
		String type = answer.headers().firstValue("Content-Type").orElse("");
		JsonNode body = type.startsWith("application/json") ? JSON.readTree(answer.body()) : null;
		if (body == null || !body.path("error").isString()) {
			throw new FuzzBounds.FuzzFinding("HTTP " + answer.statusCode() + " without an OAuth error: " + type + " "
					+ answer.body());
		}
	}

	/** Holds a refusal to problem+json (RFC 9457) with a status among those allowed. */
	public static void problem(HttpResponse<String> answer, int... allowed) {
		requireStatus(answer, allowed);
		String type = answer.headers().firstValue("Content-Type").orElse("");
		if (!type.startsWith("application/problem+json") || !JSON.readTree(answer.body()).path("type").isString()) {
			throw new FuzzBounds.FuzzFinding("HTTP " + answer.statusCode() + " that is not problem+json: " + type + " "
					+ answer.body());
		}
	}

	/** Fails an answer whose status is not one of those allowed. */
	public static void requireStatus(HttpResponse<String> answer, int... allowed) {
		for (int status : allowed) {
			if (answer.statusCode() == status) {
				return;
			}
		}
		throw new FuzzBounds.FuzzFinding("HTTP " + answer.statusCode() + " is not one of the answers allowed here: "
				+ answer.body());
	}

}
