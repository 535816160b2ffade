package org.tsunagu.credentials;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.CardToken;
import org.tsunagu.wallet.Slot;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID4VP on the wire: a shop registered as a verifier asks "over 20" with a DCQL query, the wallet fetches the
 * signed request object by reference and answers with direct_post, the shop learns {@code age_over_20: true} and
 * nothing else, and the person's log says which shop saw what; a replayed answer, a revoked credential and bad
 * queries are refused.
 */
@TsunaguTest
class PresentationFlowTest {

	static final String OVER_20 = """
			{"dcql_query":{"credentials":[{"id":"age","format":"dc+sd-jwt","meta":{"vct_values":["%s/credentials/types/age"]},
			 "claims":[{"path":["age_over_20"]}]}]}}""";

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	CardToken wallet;

	TestHolder holder;

	List<String> ages = new ArrayList<>();

	TestOrganisations.Org shop;

	String resident;

	@BeforeEach
	void setUp() throws Exception {
		TestHolder.Person person = TestHolder.Person.enrol(this.api, this.dir, "有楽町1-");
		this.resident = person.residentId();
		this.wallet = person.wallet();
		this.holder = TestHolder.take(this.wallet, origin(), "tsunagu_age", 3, this.ages);
		this.shop = TestOrganisations.register(this.api, "verifier", "Sakura Liquor", "sakura-" + System.nanoTime() % 100000,
				"presentation:request");
	}

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	JsonNode ask() throws Exception {
		HttpResponse<String> created = this.shop.send("POST", "/api/v1/presentations", OVER_20.formatted(origin()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return TestHolder.JSON.readTree(created.body());
	}

	/** The wallet's side: the request object by reference, checked, then a presentation of copy {@code copy}. */
	HttpResponse<String> answer(JsonNode request, int copy) throws Exception {
		String authorization = request.get("authorizationRequest").asString();
		assertThat(authorization).startsWith("openid4vp://?client_id=");
		String requestUri = URLDecoder.decode(authorization.substring(authorization.indexOf("request_uri=") + 12), StandardCharsets.UTF_8);
		HttpResponse<String> fetched = TestHolder.send(HttpRequest.newBuilder(URI.create(requestUri)));
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(fetched.headers().firstValue("Content-Type").orElse("")).startsWith("application/oauth-authz-req+jwt");
		SignedJWT object = SignedJWT.parse(fetched.body());
		assertThat(object.getHeader().getType().getType()).isEqualTo("oauth-authz-req+jwt");
		X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(object.getHeader().getX509CertChain().get(0).decode()));
		assertThat(object.verify(new ECDSAVerifier((java.security.interfaces.ECPublicKey) leaf.getPublicKey()))).isTrue();
		String clientId = (String) object.getJWTClaimsSet().getClaim("client_id");
		assertThat(clientId).isEqualTo("x509_san_dns:localhost");
		assertThat(leaf.getSubjectAlternativeNames().toString()).contains("localhost");
		assertThat(object.getJWTClaimsSet().getClaim("response_mode")).isEqualTo("direct_post");
		assertThat(object.getJWTClaimsSet().getClaim("client_metadata").toString()).contains("Sakura Liquor");
		String nonce = (String) object.getJWTClaimsSet().getClaim("nonce");
		String state = (String) object.getJWTClaimsSet().getClaim("state");
		String presentation = TestHolder.present(this.ages.get(copy), this.holder.holderKeys.get(copy), List.of("age_over_20"),
				clientId, nonce, new Date());
		return respond(state, "{\"age\":[\"" + presentation + "\"]}");
	}

	HttpResponse<String> respond(String state, String vpToken) throws Exception {
		return TestHolder.send(HttpRequest.newBuilder(URI.create(origin() + "/presentations/responses"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(Map.of("state", state, "vp_token", vpToken)))));
	}

	JsonNode outcome(JsonNode request) throws Exception {
		HttpResponse<String> read = this.shop.send("GET", "/api/v1/presentations/" + request.get("transactionId").asString(), null);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		return TestHolder.JSON.readTree(read.body());
	}

	@Test
	void aShopAsksOverTwentyAndLearnsThatAlone() throws Exception {
		JsonNode request = ask();
		assertThat(outcome(request).get("status").asString()).isEqualTo("pending");
		HttpResponse<String> answered = answer(request, 0);
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		JsonNode outcome = outcome(request);
		assertThat(outcome.get("status").asString()).isEqualTo("verified");
		JsonNode claims = outcome.path("credentials").path("age").path("claims");
		assertThat(TestHolder.JSON.writeValueAsString(claims)).isEqualTo("{\"age_over_20\":true}");
		assertThat(outcome.toString()).doesNotContain("age_over_18").doesNotContain("age_over_65").doesNotContain(TestResidents.KATSUKO);
		assertThat(logged("shown from your wallet: age_over_20")).isEqualTo(1);
		// the request is answered once: its object is gone, a second answer is refused
		String requestUri = request.get("requestUri").asString();
		assertThat(TestHolder.send(HttpRequest.newBuilder(URI.create(requestUri))).statusCode()).isEqualTo(404);
		String state = this.jdbc.sql("SELECT state FROM presentation_request WHERE id = ?").param(request.get("transactionId").asString())
			.query(String.class).single();
		HttpResponse<String> replay = respond(state, "{\"age\":[\"x\"]}");
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(TestHolder.JSON.readTree(replay.body()).get("error").asString()).isEqualTo("invalid_request");
		assertThat(outcome(request).get("status").asString()).isEqualTo("verified");
		// another verifier cannot read it
		TestOrganisations.Org other = TestOrganisations.register(this.api, "verifier", "Ume Bank", "ume-" + System.nanoTime() % 100000,
				"presentation:request");
		assertThat(other.send("GET", "/api/v1/presentations/" + request.get("transactionId").asString(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void aPresentationAfterTheCardIsSuspendedIsRefused() throws Exception {
		String cardId = TestHolder.JSON.readTree(this.wallet.get(origin() + "/api/v1/me/cards")).path("cards").get(0)
			.path("cardId").asString();
		assertThat(this.wallet.postJson(origin() + "/api/v1/me/cards/" + cardId + "/suspend", "").statusCode()).isEqualTo(200);
		JsonNode request = ask();
		HttpResponse<String> answered = answer(request, 1);
		assertThat(answered.statusCode()).isEqualTo(400);
		assertThat(TestHolder.JSON.readTree(answered.body()).get("reason").asString()).isEqualTo("revoked");
		JsonNode outcome = outcome(request);
		assertThat(outcome.get("status").asString()).isEqualTo("refused");
		assertThat(outcome.get("reason").asString()).isEqualTo("revoked");
		assertThat(logged("shown from your wallet")).isZero();
	}

	@Test
	void badQueriesAndCallersAreRefusedAndStoreNothing() throws Exception {
		long before = this.jdbc.sql("SELECT COUNT(*) FROM presentation_request").query(Long.class).single();
		for (String bad : List.of("{}", "{\"dcql_query\":{\"credentials\":[]}}",
				"{\"dcql_query\":{\"credentials\":[{\"id\":\"a\",\"format\":\"mso_mdoc\",\"meta\":{\"vct_values\":[\"x\"]},\"claims\":[{\"path\":[\"a\"]}]}]}}",
				"{\"dcql_query\":{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"x\"]},\"claims\":[{\"path\":[\"a\",0]}]}]}}",
				"{\"dcql_query\":{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"claims\":[{\"path\":[\"a\"]}]}]}}",
				"{\"dcql_query\":{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"x\"]},\"claims\":[{\"path\":[\"a\"]}]}],\"credential_sets\":[]}}")) {
			HttpResponse<String> refused = this.shop.send("POST", "/api/v1/presentations", bad);
			assertThat(refused.statusCode()).as(bad).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM presentation_request").query(Long.class).single()).isEqualTo(before);
		// an insurer is not a verifier; a resident's token holds no verifier scope
		TestOrganisations.Org insurer = TestOrganisations.register(this.api, "insurer", "Kiku Health", String.valueOf(10_000_000 + System.nanoTime() % 89_999_999),
				"coverage:write");
		assertThat(insurer.send("POST", "/api/v1/presentations", OVER_20.formatted(origin())).statusCode()).isEqualTo(403);
		assertThat(this.wallet.postJson(origin() + "/api/v1/presentations", OVER_20.formatted(origin())).statusCode()).isEqualTo(403);
		// a wallet answer without a vp_token, or for no request
		assertThat(respond("no-such-state", "{}").statusCode()).isEqualTo(400);
		HttpResponse<String> empty = TestHolder.send(HttpRequest.newBuilder(URI.create(origin() + "/presentations/responses"))
			.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("state=x")));
		assertThat(empty.statusCode()).isEqualTo(400);
		// a presentation for another request's nonce
		JsonNode first = ask();
		JsonNode second = ask();
		String secondState = this.jdbc.sql("SELECT state FROM presentation_request WHERE id = ?").param(second.get("transactionId").asString())
			.query(String.class).single();
		String firstNonce = this.jdbc.sql("SELECT nonce FROM presentation_request WHERE id = ?").param(first.get("transactionId").asString())
			.query(String.class).single();
		String wrongNonce = TestHolder.present(this.ages.get(2), this.holder.holderKeys.get(2), List.of("age_over_20"),
				"x509_san_dns:localhost", firstNonce, new Date());
		HttpResponse<String> crossed = respond(secondState, "{\"age\":[\"" + wrongNonce + "\"]}");
		assertThat(crossed.statusCode()).isEqualTo(400);
		assertThat(TestHolder.JSON.readTree(crossed.body()).get("reason").asString()).isEqualTo("key-binding");
	}

	@Test
	void aWalletThatDeclinesIsHeardAndTheRequestEnds() throws Exception {
		JsonNode request = ask();
		String state = this.jdbc.sql("SELECT state FROM presentation_request WHERE id = ?").param(request.get("transactionId").asString())
			.query(String.class).single();
		HttpResponse<String> declined = TestHolder.send(HttpRequest.newBuilder(URI.create(origin() + "/presentations/responses"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("error=access_denied&state=" + state)));
		assertThat(declined.statusCode()).isEqualTo(200);
		JsonNode outcome = outcome(request);
		assertThat(outcome.get("status").asString()).isEqualTo("refused");
		assertThat(outcome.get("reason").asString()).isEqualTo("wallet:access_denied");
		HttpResponse<String> again = TestHolder.send(HttpRequest.newBuilder(URI.create(origin() + "/presentations/responses"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("error=access_denied&state=" + state)));
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
	}

	private long logged(String what) {
		return this.jdbc.sql("SELECT leaf FROM log_entry WHERE resident_id = :id")
			.param("id", java.util.UUID.fromString(this.resident))
			.query(byte[].class)
			.list()
			.stream()
			.filter((leaf) -> new String(leaf, StandardCharsets.UTF_8).contains(what))
			.count();
	}

}
