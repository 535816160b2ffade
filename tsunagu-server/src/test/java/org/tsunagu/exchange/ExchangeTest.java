package org.tsunagu.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.agency.AgencyClient;
import org.tsunagu.agency.ReferenceAgency;
import org.tsunagu.operator.OperatorRole;
import org.tsunagu.registry.IndividualNumber;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exchange hub end to end with the reference agency as the provider: codes that do not link, the legal-basis
 * table, a relayed exchange signed at every step and logged for the person, safe retries, every bad input refused
 * with nothing relayed, and providers that are slow, down or answer garbage.
 */
@TsunaguTest
class ExchangeTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	org.tsunagu.exchange.internal.ExchangeHub hub;

	/** A registered agency: its organisation id, client, and the port its endpoint is on. */
	record Agency(String id, String identifier, AgencyClient client, int port) {
	}

	Agency city;

	Agency tax;

	ReferenceAgency taxOffice;

	String residentId;

	String number;

	String cityCode;

	String taxCode;

	HttpServer faulty;

	@BeforeEach
	void setUp() throws Exception {
		this.city = agency("city");
		this.tax = agency("tax");
		this.taxOffice = new ReferenceAgency(this.tax.client(), this.tax.id(), "income-certificate").start("127.0.0.1",
				this.tax.port());
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		this.residentId = enrolled.get("id").asString();
		this.number = enrolled.get("individualNumber").asString();
		this.cityCode = this.city.client().link(this.number);
		this.taxCode = this.taxOffice.keepByNumber(this.number, income(4_210_000));
		rule(this.city, this.tax, "income-certificate", "child-allowance", "2017-11-13", null);
	}

	@AfterEach
	void tearDown() {
		this.taxOffice.close();
		if (this.faulty != null) {
			this.faulty.stop(0);
		}
	}

	private static ObjectNode income(int total) {
		return JSON.createObjectNode().put("fiscalYear", 2025).put("totalIncome", total).put("currency", "JPY");
	}

	Agency agency(String name) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID(name + "-key").generate();
		String identifier = name + "-" + System.nanoTime();
		TestApi.Response registered = this.api.postJson("/api/v1/organisations", """
				{"kind":"agency","name":{"en":"%s agency","ja":"%s"},"identifier":"%s","jwks":{"keys":[%s]},
				 "endpoint":"http://127.0.0.1:%d/exchange"}""".formatted(name, name, identifier,
				key.toPublicJWK().toJSONString(), port));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		return new Agency(registered.jsonBody().get("id").asString(), identifier,
				new AgencyClient(this.api.uri("").toString(), registered.jsonBody().get("clientId").asString(), key), port);
	}

	TestApi.Response rule(Agency requester, Agency provider, String item, String purpose, String from, String to) {
		TestApi.Response created = this.api.postJson("/api/v1/exchange/rules", """
				{"requester":"%s","provider":"%s","item":"%s","purpose":"%s",
				 "provision":"Number Use Act, Article 19(8) and Annex: %s","validFrom":"%s","validTo":%s}"""
			.formatted(requester.id(), provider.id(), item, purpose, purpose, from, to == null ? "null" : "\"" + to + "\""));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created;
	}

	HttpResponse<String> ask(Agency requester, String requestId, String subject, Agency provider, String purpose) {
		return requester.client()
			.request(requester.client().signRequest(requestId, subject, provider.id(), "income-certificate", purpose));
	}

	private int requests() {
		return this.jdbc.sql("SELECT COUNT(*) FROM exchange_request").query(Integer.class).single();
	}

	private List<String> leaves() {
		return this.jdbc.sql("SELECT leaf FROM log_entry WHERE resident_id = :id ORDER BY id")
			.param("id", UUID.fromString(this.residentId))
			.query(byte[].class)
			.list()
			.stream()
			.map((leaf) -> new String(leaf, StandardCharsets.UTF_8))
			.toList();
	}

	private static String sha256(String text) throws Exception {
		return "sha-256:" + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void exchangeWhenARuleAllowsItThenTheProvidersDataComesSignedByTheHubAndThePersonSeesIt() throws Exception {
		HttpResponse<String> answered = ask(this.city, "req-1", this.cityCode, this.tax, "child-allowance");
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		JsonNode body = JSON.readTree(answered.body());
		JsonNode result = this.city.client().verifyResult(body.get("response").asString(), "req-1", this.cityCode);
		assertThat(result.get("subject").asString()).isEqualTo(this.cityCode);
		assertThat(result.get("provider").asString()).isEqualTo(this.tax.id());
		assertThat(result.get("requestId").asString()).isEqualTo("req-1");
		assertThat(result.get("provision").asString()).contains("Article 19(8)");
		assertThat(result.get("data").get("totalIncome").asInt()).isEqualTo(4_210_000);
		// the requester never sees the number or the provider's code for the person
		assertThat(answered.body() + result).doesNotContain(this.number).doesNotContain(this.taxCode);
		assertThat(this.cityCode).isNotEqualTo(this.taxCode).startsWith("ac_");
		assertThat(this.taxOffice.answered()).isEqualTo(1);

		// every message stored as signed; the provider's answer names the provider's own code
		assertThat(this.jdbc.sql("SELECT outcome FROM exchange_request WHERE request_id = 'req-1'").query(String.class).single())
			.isEqualTo("answered");
		Map<String, Object> row = this.jdbc.sql("""
				SELECT a.* FROM exchange_attempt a JOIN exchange_request r ON r.id = a.exchange_id
				WHERE r.request_id = 'req-1'""").query().singleRow();
		assertThat(row.get("outcome")).isEqualTo("answered");
		String providerAnswer = (String) row.get("response_jws");
		assertThat(new String(JWSObject.parse(providerAnswer).getPayload().toBytes(), StandardCharsets.UTF_8))
			.contains(this.taxCode);
		assertThat(result.get("providerAnswer").asString()).isEqualTo(sha256(providerAnswer));

		// the person's log entry: the provider gave the requester the item, for the purpose, under the provision,
		// with the hashes of the three signed messages
		String entry = leaves().stream().filter((l) -> l.contains("income-certificate given to")).findFirst().orElseThrow();
		assertThat(entry).contains("city agency").contains("child-allowance under Number Use Act")
			.contains(sha256((String) row.get("request_jws")))
			.contains(sha256((String) row.get("hub_request_jws")))
			.contains(sha256(providerAnswer))
			.doesNotContain(this.residentId);
		assertThat(JSON.readTree(entry).get("who").get("id").asString()).isEqualTo(this.tax.identifier());
		assertThat(leaves()).anySatisfy((l) -> assertThat(l).contains("own code for you"));

		// a retry answers the first result without asking the provider again; the log index arrives
		JsonNode again = await("the exchange's leaf index").atMost(Duration.ofSeconds(10)).until(() -> {
			HttpResponse<String> retried = ask(this.city, "req-1", this.cityCode, this.tax, "child-allowance");
			assertThat(retried.statusCode()).isEqualTo(200);
			return JSON.readTree(retried.body());
		}, (json) -> json.get("logIndex").isNumber());
		assertThat(again.get("response").asString()).isEqualTo(body.get("response").asString());
		assertThat(this.taxOffice.answered()).isEqualTo(1);
		HttpResponse<String> kept = this.city.client().send("GET", "/api/v1/exchange/requests/req-1", null, null);
		assertThat(JSON.readTree(kept.body()).get("logIndex").asLong()).isEqualTo(again.get("logIndex").asLong());
		assertThat(this.tax.client().send("GET", "/api/v1/exchange/requests/req-1", null, null).statusCode()).isEqualTo(404);

		// the same id for another request: refused, nothing relayed
		HttpResponse<String> reused = this.city.client()
			.request(this.city.client().signRequest("req-1", this.cityCode, this.tax.id(), "income-certificate", "school-meals"));
		assertThat(reused.statusCode()).isEqualTo(409);
		assertThat(reused.body()).contains("request-id-reused");
		assertThat(this.taxOffice.answered()).isEqualTo(1);

		// operators see exchanges by outcome and the providers' answer times, with no one's code or number
		String metrics = this.api.send(this.api.request("/actuator/prometheus", null).GET()).body();
		assertThat(metrics).contains("tsunagu_exchange_attempts_total{failure=\"none\",outcome=\"answered\"}")
			.contains("tsunagu_exchange_provider_seconds_count{provider=\"" + this.tax.identifier() + "\"}")
			.doesNotContain(this.cityCode).doesNotContain(this.taxCode).doesNotContain(this.number);
	}

	@Test
	void linkWhenTheSameAgencyLinksAgainThenTheSameCodeAndAnotherAgencysCodeFindsNoOne() throws Exception {
		assertThat(this.city.client().link(this.number)).isEqualTo(this.cityCode);
		// the provider's code in the requester's hands finds no one
		int before = requests();
		HttpResponse<String> foreign = ask(this.city, "req-foreign", this.taxCode, this.tax, "child-allowance");
		assertThat(foreign.statusCode()).isEqualTo(404);
		assertThat(foreign.body()).contains("unknown-subject");
		HttpResponse<String> unknown = ask(this.city, "req-unknown", "ac_" + "A".repeat(43), this.tax, "child-allowance");
		assertThat(unknown.statusCode()).isEqualTo(404);
		// alike: no answer tells another agency's code from a code never given
		assertThat(JSON.readTree(unknown.body()).get("detail")).isEqualTo(JSON.readTree(foreign.body()).get("detail"));
		assertThat(JSON.readTree(unknown.body()).get("type")).isEqualTo(JSON.readTree(foreign.body()).get("type"));
		assertThat(requests()).isEqualTo(before);

		// numbers that link no one: the reason, and no code
		String other = IndividualNumber.random(new java.util.Random(System.nanoTime())).reveal();
		for (String bad : List.of(other, this.number.substring(0, 11) + ((this.number.charAt(11) - '0' + 1) % 10), "12345")) {
			HttpResponse<String> refused = this.city.client()
				.send("POST", "/api/v1/exchange/codes", "application/json", "{\"individualNumber\":\"" + bad + "\"}");
			assertThat(refused.statusCode()).as(bad).isEqualTo(422);
			assertThat(refused.body()).contains("/individualNumber").doesNotContain(bad).doesNotContain("Exception");
		}
		assertThat(this.city.client().send("POST", "/api/v1/exchange/codes", "application/json", "{nope").statusCode())
			.isEqualTo(400);
	}

	@Autowired
	org.tsunagu.platform.TsunaguProperties properties;

	@Autowired
	org.springframework.core.env.Environment environment;

	@Test
	void linkWhenCodesAreGivenThenEachIsKeyedByTheHubsSecretAndNoOneElseCanMakeIt() throws Exception {
		// the code is an HMAC under a key derived from the hub's own secret: the same key gives the same code ...
		String configured = this.environment.getProperty("tsunagu.exchange.key", "");
		java.nio.file.Path keys = this.properties.dataDir().resolve("keys");
		javax.crypto.Mac hub = org.tsunagu.platform.MasterKeys
			.load(configured, "tsunagu.exchange.key", keys.resolve("exchange.key"), "tsunagu exchange")
			.hmac("agency code")
			.get();
		assertThat(this.cityCode).isEqualTo(code(hub, this.city.id(), this.residentId));
		assertThat(this.taxCode).isEqualTo(code(hub, this.tax.id(), this.residentId));
		// ... and under another secret, another code: no one without the hub's secret can make or link them
		java.nio.file.Path otherKey = java.nio.file.Files.createTempDirectory("other-hub").resolve("exchange.key");
		javax.crypto.Mac other = org.tsunagu.platform.MasterKeys.load("", "tsunagu.exchange.key", otherKey, "tsunagu exchange")
			.hmac("agency code")
			.get();
		assertThat(this.cityCode).isNotEqualTo(code(other, this.city.id(), this.residentId));
		assertThat(this.cityCode).isNotEqualTo(this.taxCode);
	}

	private static byte[] ids(String agency, String resident) {
		UUID a = UUID.fromString(agency);
		UUID r = UUID.fromString(resident);
		return java.nio.ByteBuffer.allocate(32)
			.putLong(a.getMostSignificantBits())
			.putLong(a.getLeastSignificantBits())
			.putLong(r.getMostSignificantBits())
			.putLong(r.getLeastSignificantBits())
			.array();
	}

	private static String code(javax.crypto.Mac mac, String agency, String resident) {
		return "ac_" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(ids(agency, resident)));
	}

	@Test
	void exchangeWhenTheProviderNeverLinkedThePersonThenRefusedRecordedAndNotRelayed() throws Exception {
		JsonNode other = this.api.postJson("/api/v1/residents", TestResidents.taroRemote()).jsonBody();
		String code = this.city.client().link(other.get("individualNumber").asString());
		HttpResponse<String> refused = ask(this.city, "req-unlinked", code, this.tax, "child-allowance");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
		assertThat(refused.body()).contains("unknown-to-provider").doesNotContain(code);
		assertThat(this.taxOffice.answered()).isZero();
		List<String> logged = this.jdbc.sql("SELECT leaf FROM log_entry WHERE resident_id = :id")
			.param("id", UUID.fromString(other.get("id").asString()))
			.query(byte[].class)
			.list()
			.stream()
			.map((leaf) -> new String(leaf, StandardCharsets.UTF_8))
			.toList();
		assertThat(logged).anySatisfy((l) -> assertThat(l).contains("not relayed, the provider holds no record"));
	}

	@Test
	void linkWhenTheTokenHasOnlyTheRequestScopeThenForbidden() throws Exception {
		org.tsunagu.oidc.TestRelyingParty client = org.tsunagu.oidc.TestRelyingParty.of(this.api, this.city.client().key(),
				this.city.client().clientId());
		HttpResponse<String> granted = client.token(Map.of("grant_type", "client_credentials", "scope", "exchange:request"),
				client.dpop("POST", client.issuer + "/oauth2/token", null));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
		String token = org.tsunagu.oidc.TestRelyingParty.json(granted).get("access_token").asString();
		String url = client.issuer + "/api/v1/exchange/codes";
		HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
				.header("Authorization", "DPoP " + token)
				.header("DPoP", client.dpop("POST", url, token))
				.header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"individualNumber\":\"" + this.number + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain(this.number);
	}

	@Test
	void exchangeWhenNoCurrentRuleAllowsItThenRefusedNamingTheRuleAndTheRefusalLogged() throws Exception {
		HttpResponse<String> refused = ask(this.city, "req-no-rule", this.cityCode, this.tax, "school-meals");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
		JsonNode missing = JSON.readTree(refused.body()).get("missingRule");
		assertThat(missing.get("requester").asString()).isEqualTo(this.city.id());
		assertThat(missing.get("provider").asString()).isEqualTo(this.tax.id());
		assertThat(missing.get("item").asString()).isEqualTo("income-certificate");
		assertThat(missing.get("purpose").asString()).isEqualTo("school-meals");
		assertThat(this.taxOffice.answered()).isZero();
		assertThat(leaves()).anySatisfy((l) -> assertThat(l).contains("refused, no rule of law allows it"));

		// a rule that has ended, or has not started, allows nothing either
		LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
		rule(this.city, this.tax, "income-certificate", "school-meals", "2020-04-01", today.minusDays(2).toString());
		rule(this.city, this.tax, "income-certificate", "school-meals", today.plusDays(2).toString(), null);
		assertThat(ask(this.city, "req-no-rule", this.cityCode, this.tax, "school-meals").statusCode()).isEqualTo(403);
		// nor does a rule the other way round
		rule(this.tax, this.city, "income-certificate", "school-meals", "2020-04-01", null);
		assertThat(ask(this.city, "req-no-rule", this.cityCode, this.tax, "school-meals").statusCode()).isEqualTo(403);
		assertThat(this.taxOffice.answered()).isZero();

		// once the law allows it, the same request may be sent again
		rule(this.city, this.tax, "income-certificate", "school-meals", "2020-04-01", null);
		assertThat(ask(this.city, "req-no-rule", this.cityCode, this.tax, "school-meals").statusCode()).isEqualTo(200);
		assertThat(this.taxOffice.answered()).isEqualTo(1);
	}

	@Test
	void exchangeWhenTheRequestIsBadThenProblemAndNothingRelayed() throws Exception {
		int before = requests();
		ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("city-key").generate();
		ObjectNode payload = JSON.createObjectNode()
			.put("requestId", "req-bad")
			.put("subject", this.cityCode)
			.put("provider", this.tax.id())
			.put("item", "income-certificate")
			.put("purpose", "child-allowance");
		String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString(
				"{\"alg\":\"none\",\"typ\":\"exchange-request+jwt\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(payload)) + ".";
		Map<String, Integer> cases = new java.util.LinkedHashMap<>();
		cases.put(unsigned, 400);
		cases.put(sign(stranger, "exchange-request+jwt", payload), 400);
		cases.put(this.city.client().sign("exchange-response+jwt", payload), 400);
		cases.put(this.city.client().sign("exchange-request+jwt", payload.deepCopy().put("extra", "x")), 400);
		cases.put(this.city.client().sign("exchange-request+jwt", payload.deepCopy().put("item", "<script>")), 400);
		cases.put(this.city.client().sign("exchange-request+jwt", payload.deepCopy().put("requestId", "")), 400);
		cases.put(this.city.client().sign("exchange-request+jwt", payload.deepCopy().put("provider", "tax")), 400);
		cases.put(this.city.client().sign("exchange-request+jwt", payload.deepCopy().put("provider", UUID.randomUUID().toString())), 404);
		cases.put(this.city.client().sign("exchange-request+jwt", payload.deepCopy().put("provider", this.city.id())), 404);
		cases.put(this.city.client().sign("exchange-request+jwt", payload.deepCopy().put("iat", 1_000_000_000L)), 400);
		cases.put(this.city.client().sign("exchange-request+jwt", payload.deepCopy().put("iat", "now")), 400);
		cases.put("not a jws", 400);
		cases.put("x".repeat(20_000), 413);
		for (Map.Entry<String, Integer> c : cases.entrySet()) {
			HttpResponse<String> refused = this.city.client().request(c.getKey());
			assertThat(refused.statusCode()).as(c.getKey().substring(0, Math.min(80, c.getKey().length()))).isEqualTo(c.getValue());
			assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
			assertThat(refused.body()).doesNotContain("<script>").doesNotContain("Exception").doesNotContain(this.number);
		}
		// the wrong media type
		assertThat(this.city.client().send("POST", "/api/v1/exchange/requests", "application/json", "{}").statusCode())
			.isEqualTo(415);
		assertThat(this.taxOffice.answered()).isZero();
		assertThat(requests()).isEqualTo(before);
	}

	@Test
	void exchangeWhenNotAnAgencyOrWithoutTheRoleThenForbidden() throws Exception {
		String signed = this.city.client().signRequest("req-role", this.cityCode, this.tax.id(), "income-certificate", "child-allowance");
		TestApi.Response operator = this.api.post("/api/v1/exchange/requests", "application/jose",
				java.net.http.HttpRequest.BodyPublishers.ofString(signed), this.api.operatorToken());
		assertThat(operator.status()).isEqualTo(403);
		// rules are the operators' with exchange:admin; an agency's token or another role cannot touch them
		assertThat(this.city.client().send("GET", "/api/v1/exchange/rules", null, null).statusCode()).isEqualTo(403);
		TestApi.Response registryOnly = this.api.send(this.api.request("/api/v1/exchange/rules", this.api.tokenWith(OperatorRole.REGISTRY_WRITE)).GET());
		assertThat(registryOnly.status()).isEqualTo(403);
		assertThat(this.api.get("/api/v1/exchange/rules").status()).isEqualTo(200);
		// the hub's keys are public
		TestApi.Response keys = this.api.send(this.api.request("/api/v1/exchange/jwks", null).GET());
		assertThat(keys.status()).isEqualTo(200);
		assertThat(keys.body()).contains("\"kty\":\"EC\"").doesNotContain("\"d\"");
		assertThat(this.taxOffice.answered()).isZero();
	}

	@Test
	void requestWhenTheAgencysTokenIsRevokedThenRefusedAtOnceThoughItWasUsedBefore() throws Exception {
		assertThat(this.city.client().send("GET", "/api/v1/exchange/agencies", null, null).statusCode()).isEqualTo(200);
		String token = this.city.client().token();
		org.tsunagu.oidc.TestRelyingParty rp = org.tsunagu.oidc.TestRelyingParty.of(this.api, this.city.client().key(),
				this.city.client().clientId());
		HttpResponse<String> revoked = rp.postForm("/oauth2/revoke", Map.of("token", token, "token_type_hint", "access_token",
				"client_id", this.city.client().clientId(), "client_assertion_type",
				"urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", rp.assertion()), null);
		assertThat(revoked.statusCode()).isEqualTo(200);
		// the same token, whose signature the resource checked a moment ago: refused now
		HttpResponse<String> after = this.city.client().send("GET", "/api/v1/exchange/agencies", null, null);
		assertThat(after.statusCode()).isEqualTo(401);
		assertThat(this.city.client().token()).isEqualTo(token);
	}

	@Test
	void sweepWhenANodeStoppedMidRelayThenTheAttemptIsFailedLoggedAndTheIdCanBeRetried() throws Exception {
		assertThat(ask(this.city, "req-stuck", this.cityCode, this.tax, "school-meals").statusCode()).isEqualTo(403);
		// as a node that stopped after taking the retry up and before recording anything leaves it
		this.jdbc.sql("""
				UPDATE exchange_request SET outcome = 'pending', attempts = attempts + 1, attempted_at = :long_ago
				WHERE request_id = 'req-stuck'""")
			.param("long_ago", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1))
			.update();
		assertThat(ask(this.city, "req-stuck", this.cityCode, this.tax, "school-meals").body()).contains("request-in-progress");
		assertThat(this.hub.sweepAbandoned()).isGreaterThanOrEqualTo(1);
		assertThat(leaves()).anySatisfy((l) -> assertThat(l).contains("abandoned").contains("may have been asked"));
		assertThat(this.jdbc.sql("SELECT failure FROM exchange_request WHERE request_id = 'req-stuck'").query(String.class).single())
			.isEqualTo("abandoned");
		// a fresh pending attempt is left alone
		assertThat(this.hub.sweepAbandoned()).isZero();
		assertThat(ask(this.city, "req-stuck", this.cityCode, this.tax, "school-meals").statusCode()).isEqualTo(403);
	}

	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void linkAndExchangeWhenDoneThenTheNumberIsInNoLogNoHubTableAndNoLogEntry(
			org.springframework.boot.test.system.CapturedOutput output) throws Exception {
		String wrongDigit = this.number.substring(0, 11) + ((this.number.charAt(11) - '0' + 1) % 10);
		String unknown = IndividualNumber.random(new java.util.Random(System.nanoTime())).reveal();
		for (String n : List.of(this.number, wrongDigit, unknown)) {
			this.city.client().send("POST", "/api/v1/exchange/codes", "application/json", "{\"individualNumber\":\"" + n + "\"}");
		}
		assertThat(ask(this.city, "req-private", this.cityCode, this.tax, "child-allowance").statusCode()).isEqualTo(200);
		assertThat(ask(this.city, "req-private-2", this.cityCode, this.tax, "school-meals").statusCode()).isEqualTo(403);
		StringBuilder stored = new StringBuilder();
		for (String table : List.of("exchange_code", "exchange_rule", "exchange_request", "exchange_attempt")) {
			this.jdbc.sql("SELECT * FROM " + table).query().listOfRows().forEach((row) -> row.values().forEach((value) -> stored
				.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value))
				.append('\n')));
		}
		// the signed messages are stored as sent: their payloads decoded too
		for (String jws : this.jdbc.sql("SELECT request_jws FROM exchange_attempt UNION ALL SELECT hub_request_jws FROM exchange_attempt "
				+ "UNION ALL SELECT response_jws FROM exchange_attempt").query(String.class).list()) {
			if (jws != null && jws.split("\\.").length == 3) {
				stored.append(new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8));
			}
		}
		assertThat(stored.toString()).contains(this.cityCode);
		for (String n : List.of(this.number, wrongDigit, unknown)) {
			assertThat(output.getAll()).doesNotContain(n);
			assertThat(stored.toString()).doesNotContain(n);
			assertThat(leaves()).noneSatisfy((leaf) -> assertThat(leaf).contains(n));
		}
	}

	@Test
	void addRuleWhenAnyFieldIsInvalidThenProblemNamesItAndNothingWritten() {
		int rules = this.jdbc.sql("SELECT COUNT(*) FROM exchange_rule").query(Integer.class).single();
		String valid = """
				{"requester":"%s","provider":"%s","item":"income-certificate","purpose":"child-allowance",
				 "provision":"Article 19(8)","validFrom":"2026-04-01","validTo":null}""".formatted(this.city.id(), this.tax.id());
		Map<String, String> cases = new java.util.LinkedHashMap<>();
		cases.put(valid.replace(this.city.id(), UUID.randomUUID().toString()), "/requester");
		cases.put(valid.replace(this.tax.id(), this.city.id()), "/provider");
		cases.put(valid.replace("income-certificate", "Income Certificate"), "/item");
		cases.put(valid.replace("child-allowance", ""), "/purpose");
		cases.put(valid.replace("Article 19(8)", ""), "/provision");
		cases.put(valid.replace("2026-04-01", "1 April"), "/validFrom");
		cases.put(valid.replace("\"validTo\":null", "\"validTo\":\"2026-03-31\""), "/validTo");
		for (Map.Entry<String, String> c : cases.entrySet()) {
			TestApi.Response refused = this.api.postJson("/api/v1/exchange/rules", c.getKey());
			assertThat(refused.status()).as(c.getKey()).isEqualTo(400);
			assertThat(refused.body()).as(c.getKey()).contains("\"" + c.getValue() + "\"");
		}
		assertThat(this.api.postJson("/api/v1/exchange/rules", "{oops").status()).isEqualTo(400);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM exchange_rule").query(Integer.class).single()).isEqualTo(rules);

		// ending a rule stops the exchanges it allowed
		String id = this.api.get("/api/v1/exchange/rules").jsonBody().valueStream()
			.filter((r) -> r.get("requester").asString().equals(this.city.id()))
			.findFirst().orElseThrow().get("id").asString();
		String yesterday = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1).toString();
		TestApi.Response ended = this.api.send(this.api.request("/api/v1/exchange/rules/" + id, this.api.operatorToken())
			.header("Content-Type", "application/json")
			.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"validTo\":\"" + yesterday + "\"}")));
		assertThat(ended.status()).as(ended.body()).isEqualTo(200);
		assertThat(ask(this.city, "req-ended", this.cityCode, this.tax, "child-allowance").statusCode()).isEqualTo(403);
	}

	/** A provider that behaves as the test says, registered and linked like any agency. */
	Agency faultyProvider(AtomicReference<java.util.function.Consumer<HttpExchange>> behaviour) throws Exception {
		Agency provider = agency("faulty");
		this.faulty = HttpServer.create(new InetSocketAddress("127.0.0.1", provider.port()), 16);
		this.faulty.createContext("/exchange", (exchange) -> {
			try (exchange) {
				behaviour.get().accept(exchange);
			}
		});
		this.faulty.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
		this.faulty.start();
		provider.client().link(this.number);
		rule(this.city, provider, "income-certificate", "child-allowance", "2017-11-13", null);
		return provider;
	}

	static void answer(HttpExchange exchange, int status, String type, String body) {
		try {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", type);
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			// the hub hung up
		}
	}

	/** The hub's request as the provider received it. */
	static JsonNode received(HttpExchange exchange) {
		try {
			return JSON.readTree(JWSObject.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII))
				.getPayload()
				.toBytes());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sign(ECKey key, String type, ObjectNode payload) throws Exception {
		JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type))
			.keyID(key.getKeyID())
			.build(), new Payload(JSON.writeValueAsBytes(payload)));
		jws.sign(new ECDSASigner(key));
		return jws.serialize();
	}

	@Test
	void exchangeWhenTheProviderFailsThenBadGatewayOrTimeoutRecordedAndNothingPassedOn() throws Exception {
		AtomicReference<java.util.function.Consumer<HttpExchange>> behaviour = new AtomicReference<>();
		Agency provider = faultyProvider(behaviour);
		ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("faulty-key").generate();
		java.util.function.Function<java.util.function.Function<JsonNode, ObjectNode>, java.util.function.Consumer<HttpExchange>> signedBy = (
				make) -> (exchange) -> {
					try {
						answer(exchange, 200, "application/jose", sign(stranger, "exchange-response+jwt", make.apply(received(exchange))));
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				};
		Map<String, java.util.function.Consumer<HttpExchange>> garbage = new java.util.LinkedHashMap<>();
		garbage.put("plain text", (exchange) -> answer(exchange, 200, "text/plain", "here is the data"));
		garbage.put("a server error", (exchange) -> answer(exchange, 500, "application/json", "{}"));
		garbage.put("signed by another key", signedBy.apply((request) -> JSON.createObjectNode()
			.put("requestId", request.get("requestId").asString())
			.put("subject", request.get("subject").asString())
			.put("item", "income-certificate")
			.set("data", income(1))));
		int n = 0;
		for (Map.Entry<String, java.util.function.Consumer<HttpExchange>> c : garbage.entrySet()) {
			behaviour.set(c.getValue());
			HttpResponse<String> failed = ask(this.city, "req-garbage-" + n++, this.cityCode, provider, "child-allowance");
			assertThat(failed.statusCode()).as(c.getKey()).isEqualTo(502);
			assertThat(failed.body()).as(c.getKey()).contains("provider-answer-invalid").doesNotContain("here is the data");
		}
		// answers signed by the provider's own key, but for another request, another person, or another item
		ECKey own = provider.client().key();
		Map<String, java.util.function.Function<JsonNode, ObjectNode>> mismatched = Map.of(
				"another request", (request) -> JSON.createObjectNode().put("requestId", UUID.randomUUID().toString())
					.put("subject", request.get("subject").asString()).put("item", "income-certificate"),
				"another person", (request) -> JSON.createObjectNode().put("requestId", request.get("requestId").asString())
					.put("subject", "ac_" + "B".repeat(43)).put("item", "income-certificate"),
				"another item", (request) -> JSON.createObjectNode().put("requestId", request.get("requestId").asString())
					.put("subject", request.get("subject").asString()).put("item", "residence-record"));
		for (Map.Entry<String, java.util.function.Function<JsonNode, ObjectNode>> c : mismatched.entrySet()) {
			behaviour.set((exchange) -> {
				try {
					ObjectNode answer = c.getValue().apply(received(exchange));
					answer.set("data", income(1));
					answer(exchange, 200, "application/jose", sign(own, "exchange-response+jwt", answer));
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			HttpResponse<String> failed = ask(this.city, "req-mismatch-" + n++, this.cityCode, provider, "child-allowance");
			assertThat(failed.statusCode()).as(c.getKey()).isEqualTo(502);
		}

		// slow: the hub stops waiting (5 s) and answers 504
		CountDownLatch release = new CountDownLatch(1);
		behaviour.set((exchange) -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		HttpResponse<String> slow = ask(this.city, "req-slow", this.cityCode, provider, "child-allowance");
		release.countDown();
		assertThat(slow.statusCode()).isEqualTo(504);
		assertThat(slow.body()).contains("provider-timeout");

		// down: 502
		this.faulty.stop(0);
		HttpResponse<String> down = ask(this.city, "req-down", this.cityCode, provider, "child-allowance");
		assertThat(down.statusCode()).isEqualTo(502);
		assertThat(down.body()).contains("provider-unreachable");

		// every failed attempt is recorded, and logged for the person
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM exchange_request WHERE provider_id = :p AND outcome = 'failed'")
			.param("p", UUID.fromString(provider.id()))
			.query(Integer.class)
			.single()).isEqualTo(n + 2);
		assertThat(leaves().stream().filter((l) -> l.contains("not given (provider-")).count()).isEqualTo(n + 2);

		// back up and answering well: the same request id is retried and answered
		this.faulty = HttpServer.create(new InetSocketAddress("127.0.0.1", provider.port()), 16);
		this.faulty.createContext("/exchange", (exchange) -> {
			try (exchange) {
				JsonNode request = received(exchange);
				ObjectNode answer = JSON.createObjectNode().put("requestId", request.get("requestId").asString())
					.put("subject", request.get("subject").asString()).put("item", "income-certificate");
				answer.set("data", income(3_000_000));
				answer(exchange, 200, "application/jose", sign(own, "exchange-response+jwt", answer));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		this.faulty.start();
		HttpResponse<String> retried = ask(this.city, "req-down", this.cityCode, provider, "child-allowance");
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
		assertThat(this.city.client().verifyResult(JSON.readTree(retried.body()).get("response").asString())
			.get("data").get("totalIncome").asInt()).isEqualTo(3_000_000);
		assertThat(this.jdbc.sql("SELECT attempts FROM exchange_request WHERE request_id = 'req-down'").query(Integer.class).single())
			.isEqualTo(2);
		// both attempts kept as signed: the failed one and the answered one
		assertThat(this.jdbc.sql("""
				SELECT a.outcome FROM exchange_attempt a JOIN exchange_request r ON r.id = a.exchange_id
				WHERE r.request_id = 'req-down' ORDER BY a.attempt""").query(String.class).list())
			.containsExactly("failed", "answered");
	}

}
