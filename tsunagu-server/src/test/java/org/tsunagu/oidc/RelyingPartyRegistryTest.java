package org.tsunagu.oidc;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TestApi.Response;
import org.tsunagu.TsunaguTest;
import org.tsunagu.operator.OperatorRole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@TsunaguTest
class RelyingPartyRegistryTest {

	@Autowired
	TestApi api;

	@Autowired
	JsonMapper json;

	private String publicJwks;

	@BeforeEach
	void keys() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("sakura-1").generate();
		this.publicJwks = new JWKSet(key.toPublicJWK()).toString();
	}

	private String sakuraBank() {
		return """
				{ "name": { "en": "Sakura Bank", "ja": "さくら銀行" }, "kind": "private",
				  "sectorIdentifier": "https://sakura-bank.example",
				  "redirectUris": [ "https://sakura-bank.example/callback" ], "jwks": %s,
				  "scopes": [ "openid", "profile", "birthdate", "address" ], "maxAssurance": "high",
				  "policyUrl": "https://sakura-bank.example/privacy" }""".formatted(this.publicJwks);
	}

	@Test
	void registerWhenValidThenCreatedWithOpaqueClientIdAndPrivateKeyJwt() {
		Response created = this.api.postJson("/api/v1/relying-parties", sakuraBank());
		assertThat(created.status()).isEqualTo(201);
		JsonNode body = created.jsonBody();
		String clientId = body.get("clientId").asString();
		assertThat(clientId).startsWith("rp_").hasSizeGreaterThan(20);
		assertThat(created.header("Location")).isEqualTo("/api/v1/relying-parties/" + clientId);
		assertThat(body.at("/registration/tokenEndpointAuthMethod").asString()).isEqualTo("private_key_jwt");
		assertThat(body.at("/registration/name/ja").asString()).isEqualTo("さくら銀行");
		assertThat(this.api.get("/api/v1/relying-parties/" + clientId).jsonBody().get("clientId").asString())
			.isEqualTo(clientId);
		assertThat(this.api.get("/api/v1/relying-parties").jsonBody().findValuesAsString("clientId")).contains(clientId);
	}

	@Test
	void registerWhenRedirectIsPlainHttpToAHostThenRefusedButLoopbackAllowed() {
		assertBad(with("redirectUris", "[\"http://sakura-bank.example/callback\"]"), "/redirectUris/0");
		assertBad(with("redirectUris", "[\"https://*.sakura-bank.example/callback\"]"), "/redirectUris/0");
		assertBad(with("redirectUris", "[\"https://sakura-bank.example/cb#frag\"]"), "/redirectUris/0");
		assertBad(with("redirectUris", "[]"), "/redirectUris");
		assertThat(this.api.postJson("/api/v1/relying-parties",
				with("redirectUris", "[\"http://127.0.0.1:51004/callback\", \"http://[::1]:51004/callback\"]")).status())
			.isEqualTo(201);
	}

	@Test
	void registerWhenKeysArePrivateSharedWeakOrBothGivenThenRefused() throws Exception {
		ECKey withPrivate = new ECKeyGenerator(Curve.P_256).keyID("leak").generate();
		assertBad(with("jwks", new JWKSet(withPrivate).toString(false)), "/jwks/keys/0");
		assertBad(with("jwks", "{\"keys\":[" + new OctetSequenceKeyGenerator(256).keyID("oct").generate().toJSONString() + "]}"),
				"/jwks/keys/0");
		assertBad(with("jwks", new JWKSet(new RSAKeyGenerator(1024, true).keyID("small").generate().toPublicJWK()).toString()),
				"/jwks/keys/0");
		assertBad(with("jwksUri", "\"https://sakura-bank.example/jwks.json\""), "/jwks");
		assertBad(with("jwks", "{\"keys\":\"not a list\"}"), "/jwks");
	}

	@Test
	void registerWhenNoKeyCanSignAClientAssertionThenRefused() throws Exception {
		// Ed25519 and P-521 are never verified here; a P-384 key alone cannot sign an ES256/PS256 assertion
		assertBad(with("jwks", "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\","
				+ "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}]}"), "/jwks/keys/0");
		assertBad(with("jwks", new JWKSet(new ECKeyGenerator(Curve.P_521).keyID("p521").generate().toPublicJWK()).toString()),
				"/jwks/keys/0");
		assertBad(with("jwks", new JWKSet(new ECKeyGenerator(Curve.P_384).keyID("p384").generate().toPublicJWK()).toString()),
				"/jwks/keys");
	}

	@Test
	void registerWhenSecretAuthOrNoOpenidOrUnknownScopeThenRefused() {
		assertBad(with("tokenEndpointAuthMethod", "\"client_secret_basic\""), "/tokenEndpointAuthMethod");
		assertBad(with("scopes", "[\"profile\"]"), "/scopes");
		assertBad(with("scopes", "[\"openid\", \"individual_number\"]"), "/scopes/1");
		assertBad(with("maxAssurance", "\"extreme\""), "/maxAssurance");
		assertBad(with("sectorIdentifier", "\"http://sakura-bank.example\""), "/sectorIdentifier");
		assertBad(with("clientSecret", "\"s3cret\""), "/clientSecret");
	}

	@Test
	void patchWhenRedirectUrisChangeThenStoredAndWhenResultBreaksARuleThenNothingChanges() {
		String clientId = this.api.postJson("/api/v1/relying-parties", sakuraBank()).jsonBody().get("clientId").asString();
		Response patched = patch(clientId, "{\"redirectUris\":[\"https://sakura-bank.example/v2/callback\"],"
				+ "\"name\":{\"ja\":\"さくら銀行株式会社\"}}");
		assertThat(patched.status()).isEqualTo(200);
		assertThat(patched.jsonBody().at("/registration/redirectUris/0").asString())
			.isEqualTo("https://sakura-bank.example/v2/callback");
		assertThat(patched.jsonBody().at("/registration/name/en").asString()).isEqualTo("Sakura Bank");
		assertThat(patched.jsonBody().at("/registration/name/ja").asString()).isEqualTo("さくら銀行株式会社");

		Response refused = patch(clientId, "{\"redirectUris\":[\"http://evil.example/cb\"]}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/relying-parties/" + clientId).jsonBody().at("/registration/redirectUris/0")
			.asString()).isEqualTo("https://sakura-bank.example/v2/callback");
		assertThat(patch("rp_unknown", "{}").status()).isEqualTo(404);
	}

	@Test
	void registerWhenRoleMissingThenForbidden() {
		String reader = this.api.tokenWith(OperatorRole.REGISTRY_READ);
		Response response = this.api.post("/api/v1/relying-parties", "application/json", BodyPublishers.ofString(sakuraBank()),
				reader);
		assertThat(response.status()).isEqualTo(403);
	}

	private Response patch(String clientId, String body) {
		return this.api.send(this.api.request("/api/v1/relying-parties/" + clientId, this.api.operatorToken())
			.header("Content-Type", "application/merge-patch+json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
	}

	private String with(String field, String rawJson) {
		ObjectNode body = (ObjectNode) this.json.readTree(sakuraBank());
		body.set(field, this.json.readTree(rawJson));
		return body.toString();
	}

	private void assertBad(String body, String pointer) {
		Response response = this.api.postJson("/api/v1/relying-parties", body);
		assertThat(response.status()).as(body).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.jsonBody().get("errors").findValuesAsString("pointer")).as(response.body()).contains(pointer);
	}

}
