package org.tsunagu.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectDecoder;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID4VCI's authorization code flow through this provider: a wallet registered as a service (FAPI 2.0: PAR,
 * PKCE, private_key_jwt, DPoP) asks for credential scopes; the person signs in with the card, sees the credentials
 * on the consent page and may untick one; the access token then takes exactly the consented credentials.
 */
@TsunaguTest
class CredentialCodeFlowTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestRelyingParty wallet;

	TestCards card;

	TestBrowser browser;

	@BeforeEach
	void setUp() throws Exception {
		this.wallet = TestRelyingParty.register(this.api, "[\"openid\",\"tsunagu_pid\",\"tsunagu_age\"]", "high", null);
		this.card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		this.browser = new TestBrowser(this.wallet.issuer);
	}

	@Test
	void walletWhenPersonSignsInWithTheCardAndConsentsThenTakesOnlyTheConsentedCredential() throws Exception {
		JsonNode metadata = JSON.readTree(this.api.get("/.well-known/openid-credential-issuer").body());
		assertThat(metadata.at("/authorization_servers/0").asString()).isEqualTo(this.wallet.issuer);
		assertThat(metadata.at("/credential_configurations_supported/tsunagu_pid/scope").asString()).isEqualTo("tsunagu_pid");

		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.wallet.authorizationParameters(pkce, "openid tsunagu_pid tsunagu_age");
		request.put("acr_values", "urn:tsunagu:loa:high");
		String requestUri = SignInFlows.push(this.wallet, request);
		HttpResponse<String> signIn = SignInFlows.startAt(this.browser, this.wallet, requestUri);
		HttpResponse<String> consentPage = SignInFlows.approveAndContinue(this.browser, this.wallet, this.card, signIn);
		assertThat(consentPage.body()).contains("Your personal identification credential", "Your age credential");
		HttpResponse<String> back = SignInFlows.consent(this.browser, consentPage, List.of("tsunagu_pid"));
		assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
		String code = TestRelyingParty.query(TestBrowser.location(back)).get("code");

		String tokenUrl = this.wallet.issuer + "/oauth2/token";
		HttpResponse<String> tokens = this.wallet.token(Map.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()), this.wallet.dpop("POST", tokenUrl, null));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		String accessToken = TestRelyingParty.json(tokens).get("access_token").asString();
		Map<String, Object> claims = TestRelyingParty.claims(accessToken);
		assertThat(claims.get("scope").toString()).contains("tsunagu_pid").doesNotContain("tsunagu_age");
		assertThat(claims).containsEntry("acr", "urn:tsunagu:loa:high");

		ECKey holderKey = new ECKeyGenerator(Curve.P_256).generate();
		HttpResponse<String> pid = credential(accessToken, "tsunagu_pid", holderKey);
		assertThat(pid.statusCode()).as(pid.body()).isEqualTo(200);
		SDJWT sdJwt = SDJWT.parse(JSON.readTree(pid.body()).at("/credentials/0/credential").asString());
		SignedJWT jwt = SignedJWT.parse(sdJwt.getCredentialJwt());
		Map<String, Object> decoded = new SDObjectDecoder().decode(jwt.getJWTClaimsSet().getClaims(), sdJwt.getDisclosures());
		assertThat(decoded).containsEntry("given_name", TestResidents.KATSUKO).containsEntry("birthdate", "1984-04-02");
		@SuppressWarnings("unchecked")
		Map<String, Object> cnf = (Map<String, Object>) jwt.getJWTClaimsSet().getClaim("cnf");
		@SuppressWarnings("unchecked")
		Map<String, Object> jwk = (Map<String, Object>) cnf.get("jwk");
		assertThat(ECKey.parse(jwk).computeThumbprint()).isEqualTo(holderKey.computeThumbprint());

		// the age credential was not consented to: the token does not take it
		HttpResponse<String> age = credential(accessToken, "tsunagu_age", new ECKeyGenerator(Curve.P_256).generate());
		assertThat(age.statusCode()).isEqualTo(403);
		assertThat(JSON.readTree(age.body()).get("error").asString()).isEqualTo("insufficient_scope");
	}

	@Test
	void registrationWhenCredentialScopeUnknownThenRefused() {
		TestApi.Response refused = this.api.postJson("/api/v1/relying-parties", """
				{"name":{"en":"Wallet","ja":"ウォレット"},"kind":"private","sectorIdentifier":"https://wallet.example",
				 "redirectUris":["https://wallet.example/cb"],"jwks":{"keys":[]},"scopes":["openid","tsunagu_passport"],
				 "maxAssurance":"high","policyUrl":"https://wallet.example/privacy"}""");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("/scopes/1").contains("tsunagu_pid");
	}

	/** A credential request with one proof of {@code holderKey} for a fresh nonce. */
	HttpResponse<String> credential(String accessToken, String configuration, ECKey holderKey) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String issuer = this.wallet.issuer;
		String nonce = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(issuer + "/credentials/nonce"))
			.POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body()).get("c_nonce").asString();
		SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("openid4vci-proof+jwt"))
			.jwk(holderKey.toPublicJWK()).build(),
				new JWTClaimsSet.Builder().audience(issuer).issueTime(new Date()).claim("nonce", nonce).build());
		proof.sign(new ECDSASigner(holderKey));
		String url = issuer + "/api/v1/credentials/credential";
		return http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.header("Authorization", "DPoP " + accessToken)
			.header("DPoP", this.wallet.dpop("POST", url, accessToken))
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("credential_configuration_id", configuration,
					"proofs", Map.of("jwt", List.of(proof.serialize()))))))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
