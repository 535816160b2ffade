package org.tsunagu.eligibility;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.tsunagu.TestApi;
import org.tsunagu.oidc.TestRelyingParty;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Insurers and clinics for tests: registered through the operator API, acting with their own DPoP-bound token. */
public final class TestOrganisations {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private TestOrganisations() {
	}

	/** A registered organisation acting with its own DPoP-bound token. */
	public record Org(TestRelyingParty client, String token, String identifier) {

		public HttpResponse<String> send(String method, String path, String body) throws Exception {
			String url = this.client.issuer + path;
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "DPoP " + this.token)
				// the proof names the address without its query (RFC 9449, section 4.2)
				.header("DPoP", this.client.dpop(method, url.replaceFirst("[?].*", ""), this.token))
				.header("Content-Type", "application/json")
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		public String challenge() throws Exception {
			HttpResponse<String> created = send("POST", "/api/v1/eligibility/challenges", null);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			return JSON.readTree(created.body()).get("challenge").asString();
		}

		public HttpResponse<String> check(String presentation, String consents) throws Exception {
			return send("POST", "/api/v1/eligibility/checks", "{\"presentation\":\"" + presentation + "\""
					+ (consents == null ? "" : ",\"consents\":" + consents) + "}");
		}

	}

	public static Org register(TestApi api, String kind, String name, String identifier, String scope) throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kind).generate();
		TestApi.Response registered = api.postJson("/api/v1/organisations", """
				{"kind":"%s","name":{"en":"%s","ja":"%s"},"identifier":"%s","jwks":{"keys":[%s]}}"""
			.formatted(kind, name, name, identifier, key.toPublicJWK().toJSONString()));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		TestRelyingParty client = TestRelyingParty.of(api, key, registered.jsonBody().get("clientId").asString());
		HttpResponse<String> granted = client.token(Map.of("grant_type", "client_credentials", "scope", scope),
				client.dpop("POST", client.issuer + "/oauth2/token", null));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
		return new Org(client, TestRelyingParty.json(granted).get("access_token").asString(), identifier);
	}

	/** A coverage record for the test resident 髙橋 葛子, as an insurer sends it. */
	public static String coverage(String number, String validFrom, String validTo, String copay) {
		return """
				{"individualNumber":"%s","name":{"family":"髙橋","given":"葛子","familyReading":"タカハシ","givenReading":"カツコ"},
				 "birthDate":"1984-04-02","relationship":"insured","symbol":"記号12","number":"345","branch":"01",
				 "validFrom":"%s","validTo":%s,"copayRatio":%s,"limitCategory":"ウ"}"""
			.formatted(number, validFrom, validTo == null ? "null" : "\"" + validTo + "\"", copay);
	}

}
