package org.tsunagu.platform;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestBrowser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public endpoints that write a row, open a session or check a caller's cryptography, flooded from one
 * address each (issue 23, resource exhaustion): after the address's burst, 429 problem+json with
 * {@code Retry-After}, never a 5xx, and no more rows.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.test.rate-limit-scale=1")
class PublicEndpointFloodTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	Environment environment;

	@Autowired
	JdbcClient jdbc;

	/**
	 * One public endpoint: the address its flood comes from, its rate and burst, one call, and the table it writes (or
	 * none).
	 */
	record Endpoint(String name, String address, int perMinute, int burst, Function<TestCaller, HttpResponse<String>> call,
			String table) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Stream<Endpoint> endpoints() {
		return Stream.of(
				new Endpoint("POST /credentials/nonce", "127.0.1.1", 600, 100,
						(caller) -> caller.send(caller.request("/credentials/nonce").POST(HttpRequest.BodyPublishers.noBody())),
						"credential_nonce"),
				new Endpoint("POST /api/v1/signatures/verify", "127.0.1.2", 120, 30,
						(caller) -> caller.post("/api/v1/signatures/verify", "application/json",
								"{\"signature\":\"MAA=\",\"content\":\"AA==\"}"),
						null),
				new Endpoint("POST /api/v1/cards/{id}/pin-reset/redeem", "127.0.1.3", 10, 5,
						(caller) -> caller.post("/api/v1/cards/" + UUID.randomUUID() + "/pin-reset/redeem", "application/json",
								"{\"slot\":\"authentication\",\"code\":\"12345678\"}"),
						null),
				new Endpoint("POST /presentations/responses", "127.0.1.4", 600, 100,
						(caller) -> caller.post("/presentations/responses", "application/x-www-form-urlencoded",
								"state=" + UUID.randomUUID() + "&vp_token=x"),
						null),
				new Endpoint("POST /signin/passkey/options", "127.0.1.5", 60, 20, PublicEndpointFloodTest::passkeyOptions,
						null));
	}

	/** The options of a passkey ceremony, asked with the CSRF token of the sign-in page the browser holds. */
	private static HttpResponse<String> passkeyOptions(TestCaller caller) {
		if (caller.csrf == null) {
			caller.csrf = TestBrowser.hidden(caller.get("/signin").body(), "_csrf");
		}
		return caller.send(caller.request("/signin/passkey/options")
			.header("X-CSRF-TOKEN", caller.csrf)
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("endpoints")
	void endpointWhenFloodedFromOneAddressThen429ProblemWithRetryAfter(Endpoint endpoint) {
		TestCaller caller = TestCaller.from(endpoint.address(),
				this.environment.getRequiredProperty("local.server.port", Integer.class));
		long rows = endpoint.table() == null ? 0 : rows(endpoint.table());
		int answered = 0;
		long start = System.nanoTime();
		HttpResponse<String> refused = null;
		for (int i = 0; i < endpoint.burst() * 2 + 10 && refused == null; i++) {
			HttpResponse<String> answer = endpoint.call().apply(caller);
			assertThat(answer.statusCode()).as("%s, call %d: %s", endpoint, i, answer.body()).isLessThan(500);
			if (answer.statusCode() == 429) {
				refused = answer;
			}
			else {
				answered++;
			}
		}
		assertThat(refused).as("refused at last").isNotNull();
		long refilled = (long) Math.ceil(endpoint.perMinute() * (System.nanoTime() - start) / 60e9) + 1;
		assertThat(answered).as("the burst, and what refilled meanwhile").isBetween(endpoint.burst(),
				(int) (endpoint.burst() + refilled));
		RequestFloodTest.waitSaid(refused);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(JSON.readTree(refused.body()).get("type").asString()).isEqualTo("urn:tsunagu:problem:rate-limited");
		if (endpoint.table() != null) {
			assertThat(rows(endpoint.table()) - rows).as("rows written").isEqualTo(answered);
		}
	}

	private long rows(String table) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

}
