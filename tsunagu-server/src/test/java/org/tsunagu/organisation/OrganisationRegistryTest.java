package org.tsunagu.organisation;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestRelyingParty;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organisation registry: insurers, clinics and agencies registered by an operator, each with its own client at
 * the OpenID Provider whose one scope follows from its kind; every rule refused with the field it concerns and
 * nothing stored.
 */
@TsunaguTest
class OrganisationRegistryTest {

	@Autowired
	TestApi api;

	private static String body(String kind, String identifier, String keys, String endpoint) {
		return """
				{"kind":"%s","name":{"en":"Sakura Health Insurance Society","ja":"さくら健康保険組合"},"identifier":"%s",
				 "jwks":{"keys":[%s]}%s}""".formatted(kind, identifier, keys,
				endpoint == null ? "" : ",\"endpoint\":\"" + endpoint + "\"");
	}

	private static String unique(int digits) {
		String n = Long.toString(System.nanoTime());
		return n.substring(n.length() - digits);
	}

	@Test
	void registerWhenInsurerThenItsClientGetsCoverageScopeOnly() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("insurer-1").generate();
		String number = unique(8);
		TestApi.Response created = this.api.postJson("/api/v1/organisations", body("insurer", number, key.toPublicJWK().toJSONString(), null));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode organisation = created.jsonBody();
		assertThat(organisation.get("kind").asString()).isEqualTo("insurer");
		assertThat(organisation.get("identifier").asString()).isEqualTo(number);
		assertThat(organisation.get("name").get("ja").asString()).isEqualTo("さくら健康保険組合");
		String id = organisation.get("id").asString();
		String clientId = organisation.get("clientId").asString();
		assertThat(this.api.get("/api/v1/organisations/" + id).jsonBody().get("clientId").asString()).isEqualTo(clientId);
		assertThat(this.api.get("/api/v1/organisations").body()).contains(id);

		// the insurer authenticates with its own key and gets its kind's scope, and nothing else
		TestRelyingParty insurer = TestRelyingParty.of(this.api, key, clientId);
		String tokenUrl = insurer.issuer + "/oauth2/token";
		HttpResponse<String> granted = insurer.token(Map.of("grant_type", "client_credentials", "scope", "coverage:write"),
				insurer.dpop("POST", tokenUrl, null));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
		String token = TestRelyingParty.json(granted).get("access_token").asString();
		assertThat(TestRelyingParty.claims(token)).containsEntry("scope", "coverage:write").containsEntry("sub", clientId);
		for (String other : List.of("eligibility:check", "exchange:request", "registry:read", "oidc:admin")) {
			HttpResponse<String> refused = insurer.token(Map.of("grant_type", "client_credentials", "scope", other),
					insurer.dpop("POST", tokenUrl, null));
			assertThat(refused.statusCode()).as(other).isEqualTo(400);
			assertThat(refused.body()).as(other).contains("invalid_scope");
		}
		// its token opens no operator API
		assertThat(insurer.getWithDpop("/api/v1/organisations", token).statusCode()).isEqualTo(403);
		assertThat(insurer.getWithDpop("/api/v1/relying-parties", token).statusCode()).isEqualTo(403);
		// and no one signs in through it
		Map<String, String> par = insurer.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
		assertThat(insurer.par(par).statusCode()).isIn(400, 401);
	}

	@Test
	void registerWhenClinicOrAgencyThenTheirOwnScopes() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("clinic-1").generate();
		JsonNode clinic = this.api.postJson("/api/v1/organisations", body("clinic", unique(10), key.toPublicJWK().toJSONString(), null))
			.jsonBody();
		TestRelyingParty client = TestRelyingParty.of(this.api, key, clinic.get("clientId").asString());
		assertThat(client.token(Map.of("grant_type", "client_credentials", "scope", "eligibility:check"),
				client.dpop("POST", client.issuer + "/oauth2/token", null)).statusCode()).isEqualTo(200);

		ECKey agencyKey = new ECKeyGenerator(Curve.P_256).keyID("agency-1").generate();
		TestApi.Response agency = this.api.postJson("/api/v1/organisations",
				body("agency", "tax-office-" + unique(6), agencyKey.toPublicJWK().toJSONString(), "http://127.0.0.1:18091/exchange"));
		assertThat(agency.status()).as(agency.body()).isEqualTo(201);
		assertThat(agency.jsonBody().get("endpoint").asString()).isEqualTo("http://127.0.0.1:18091/exchange");
		TestRelyingParty agencyClient = TestRelyingParty.of(this.api, agencyKey, agency.jsonBody().get("clientId").asString());
		assertThat(agencyClient.token(Map.of("grant_type", "client_credentials", "scope", "exchange:request"),
				agencyClient.dpop("POST", agencyClient.issuer + "/oauth2/token", null)).statusCode()).isEqualTo(200);
	}

	@Test
	void registerWhenTheSameKindAndIdentifierAgainThenConflictAndNothingStored() throws Exception {
		String number = unique(6);
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
		assertThat(this.api.postJson("/api/v1/organisations", body("insurer", number, key.toPublicJWK().toJSONString(), null)).status())
			.isEqualTo(201);
		int organisations = this.api.get("/api/v1/organisations").jsonBody().size();
		int clients = this.api.get("/api/v1/relying-parties").jsonBody().size();
		TestApi.Response again = this.api.postJson("/api/v1/organisations", body("insurer", number, key.toPublicJWK().toJSONString(), null));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.body()).contains("duplicate-organisation");
		assertThat(this.api.get("/api/v1/organisations").jsonBody().size()).isEqualTo(organisations);
		assertThat(this.api.get("/api/v1/relying-parties").jsonBody().size()).isEqualTo(clients);
	}

	@Test
	void registerWhenAnyRuleFailsThenProblemNamesTheFieldAndNothingIsStored() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
		String good = key.toPublicJWK().toJSONString();
		String privateKey = key.toJSONString();
		int organisations = this.api.get("/api/v1/organisations").jsonBody().size();
		int clients = this.api.get("/api/v1/relying-parties").jsonBody().size();
		Map<String, String> cases = new java.util.LinkedHashMap<>();
		cases.put(body("bank", "12345678", good, null), "/kind");
		cases.put(body("insurer", "1234567", good, null), "/identifier");
		cases.put(body("insurer", "12ab5678", good, null), "/identifier");
		cases.put(body("clinic", "123456789", good, null), "/identifier");
		cases.put(body("agency", "Tax Office", good, "https://tax.example/exchange"), "/identifier");
		cases.put(body("insurer", "12345678", privateKey, null), "/jwks/keys/0");
		cases.put(body("insurer", "12345678", "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"kid\":\"s\"}", null), "/jwks/keys/0");
		cases.put(body("agency", "tax-office", good, null), "/endpoint");
		cases.put(body("agency", "tax-office", good, "http://tax.example/exchange"), "/endpoint");
		cases.put(body("agency", "tax-office", good, "https://user@tax.example/exchange"), "/endpoint");
		cases.put(body("insurer", "12345678", good, "https://insurer.example/"), "/endpoint");
		cases.put("""
				{"kind":"clinic","identifier":"1234567890","jwks":{"keys":[%s]}}""".formatted(good), "/name");
		cases.put("""
				{"kind":"clinic","name":{"en":"<script>alert(1)</script>\\u0007","ja":""},"identifier":"1234567890","jwks":{"keys":[%s]}}"""
			.formatted(good), "/name/en");
		cases.put("""
				{"kind":"clinic","name":{"en":"A","ja":"B"},"identifier":"1234567890"}""", "/jwks");
		cases.forEach((request, pointer) -> {
			TestApi.Response refused = this.api.postJson("/api/v1/organisations", request);
			assertThat(refused.status()).as(request).isEqualTo(400);
			assertThat(refused.header("Content-Type")).as(request).contains("application/problem+json");
			assertThat(refused.body()).as(request).contains("\"" + pointer + "\"").doesNotContain("Exception");
		});
		assertThat(this.api.postJson("/api/v1/organisations", "{not json").status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/organisations/not-an-id").status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/organisations").jsonBody().size()).isEqualTo(organisations);
		assertThat(this.api.get("/api/v1/relying-parties").jsonBody().size()).isEqualTo(clients);
	}

	@Test
	void registerWhenCredentialLacksTheRoleThenForbidden() throws Exception {
		TestRelyingParty service = TestRelyingParty.register(this.api, "[]", "low",
				"\"serviceScopes\":[\"registry:read\"],\"redirectUris\":[]");
		String token = TestRelyingParty.json(service.token(Map.of("grant_type", "client_credentials", "scope", "registry:read"),
				service.dpop("POST", service.issuer + "/oauth2/token", null))).get("access_token").asString();
		assertThat(service.getWithDpop("/api/v1/organisations", token).statusCode()).isEqualTo(403);
	}

}
