package org.tsunagu.platform;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestBrowser;
import org.tsunagu.oidc.TestRelyingParty;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floods of the requests that cost the server a stored row or a session (issue 23, resource exhaustion): each
 * caller gets its allowance, then 429 with {@code Retry-After}, nothing more is stored for it, and every other
 * caller is still served. The limits are the production ones (scale 1); each flood comes from a loopback address
 * of its own.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.test.rate-limit-scale=1")
class RequestFloodTest {

	@Autowired
	TestApi api;

	@Autowired
	Environment environment;

	@Autowired
	JdbcClient jdbc;

	private TestCaller from(String address) {
		return TestCaller.from(address, this.environment.getRequiredProperty("local.server.port", Integer.class));
	}

	private long rows(String table) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	/** The most a bucket of {@code burst}, refilled at {@code perMinute}, can have let through since {@code start}. */
	private static long allowance(int burst, int perMinute, long start) {
		return burst + (long) Math.ceil(perMinute * (System.nanoTime() - start) / 60e9) + 1;
	}

	static void waitSaid(HttpResponse<String> refused) {
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).as("Retry-After on every 429")
			.hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
	}

	@Test
	@DisplayName("pairing-code flood: an address gets its 20 sign-in pages, then 429 with Retry-After; no pairing is stored "
			+ "for the refused ones, and another address still gets its code")
	void signInPagesWhenFloodedThen429AndNoMorePairings() {
		TestCaller flooder = from("127.0.0.3");
		long pairings = rows("signin_pairing");
		long start = System.nanoTime();
		int served = 0;
		List<HttpResponse<String>> refused = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			HttpResponse<String> page = flooder.get("/signin");
			if (page.statusCode() == 200) {
				served++;
			}
			else {
				refused.add(page);
			}
		}
		assertThat(served).isBetween(20, (int) allowance(20, 60, start));
		assertThat(refused).isNotEmpty().allSatisfy(RequestFloodTest::waitSaid);
		assertThat(refused.get(0).body()).contains("Too many attempts from your connection");
		assertThat(rows("signin_pairing") - pairings).isEqualTo(served);
		assertThat(from("127.0.0.13").get("/signin").body()).contains("data-pairing-code");
	}

	private Map<String, String> pushed(TestRelyingParty rp, TestCaller caller) throws Exception {
		Map<String, String> form = new LinkedHashMap<>(rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
		form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.put("client_assertion", rp.assertion(caller.base, UUID.randomUUID().toString(), Instant.now()));
		return form;
	}

	private HttpResponse<String> push(TestRelyingParty rp, TestCaller caller) throws Exception {
		return caller.post("/oauth2/par", "application/x-www-form-urlencoded", TestRelyingParty.encode(pushed(rp, caller)));
	}

	@Test
	@DisplayName("PAR flood by one client: its allowance is stored, then 429 slow_down with Retry-After and nothing more; "
			+ "another client at the same address is still served")
	void pushedRequestsWhenOneClientFloodsThen429AndNoMoreRows() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "high", null);
		TestCaller caller = from("127.0.0.4");
		long stored = rows("oidc_authorization");
		long start = System.nanoTime();
		int served = 0;
		List<HttpResponse<String>> refused = new ArrayList<>();
		for (int i = 0; i < 90; i++) {
			HttpResponse<String> answer = push(rp, caller);
			if (answer.statusCode() == 201) {
				served++;
			}
			else {
				refused.add(answer);
			}
		}
		assertThat(served).isBetween(60, (int) allowance(60, 300, start));
		assertThat(refused).isNotEmpty().allSatisfy(RequestFloodTest::waitSaid);
		assertThat(TestRelyingParty.json(refused.get(0)).get("error").asString()).isEqualTo("slow_down");
		assertThat(rows("oidc_authorization") - stored).isEqualTo(served);
		TestRelyingParty other = TestRelyingParty.register(this.api, "[\"openid\"]", "high", null);
		assertThat(push(other, caller).statusCode()).isEqualTo(201);
	}

	@Test
	@DisplayName("PAR flood from one address through several clients: the address's allowance, then 429 with Retry-After")
	void pushedRequestsWhenOneAddressFloodsThen429() throws Exception {
		TestCaller caller = from("127.0.0.14");
		long start = System.nanoTime();
		int served = 0;
		List<HttpResponse<String>> refused = new ArrayList<>();
		for (int client = 0; client < 3; client++) {
			TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "high", null);
			for (int i = 0; i < 45; i++) {
				HttpResponse<String> answer = push(rp, caller);
				if (answer.statusCode() == 201) {
					served++;
				}
				else {
					refused.add(answer);
				}
			}
		}
		assertThat(served).isBetween(100, (int) allowance(100, 600, start));
		assertThat(refused).isNotEmpty().allSatisfy(RequestFloodTest::waitSaid);
	}

	@Test
	@DisplayName("a pushed request with more than 16 KiB of parameters is refused with invalid_request and not stored")
	void pushedRequestWhenOversizedThenRefusedAndNotStored() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "high", null);
		TestCaller caller = from("127.0.0.15");
		Map<String, String> form = pushed(rp, caller);
		form.put("state", "s".repeat(17 * 1024));
		long stored = rows("oidc_authorization");
		HttpResponse<String> answer = caller.post("/oauth2/par", "application/x-www-form-urlencoded", TestRelyingParty.encode(form));
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(TestRelyingParty.json(answer).get("error").asString()).isEqualTo("invalid_request");
		assertThat(rows("oidc_authorization")).isEqualTo(stored);
	}

	@Test
	@DisplayName("account sign-in flood: each start pushes a request from the server's own address, so starts are limited "
			+ "per browser address (10, then a 429 page with Retry-After), and another browser still starts its sign-in")
	void accountSignInWhenFloodedThen429PageAndOthersStillStart() {
		TestCaller flooder = from("127.0.0.5");
		long start = System.nanoTime();
		int started = 0;
		List<HttpResponse<String>> refused = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			HttpResponse<String> answer = flooder.get("/account/signin");
			if (answer.statusCode() == 302) {
				assertThat(TestBrowser.location(answer)).contains("/oauth2/authorize?client_id=tsunagu-portal");
				started++;
			}
			else {
				refused.add(answer);
			}
		}
		assertThat(started).isBetween(10, (int) allowance(10, 30, start));
		assertThat(refused).isNotEmpty().allSatisfy(RequestFloodTest::waitSaid);
		assertThat(refused.get(0).body()).contains("Too many sign-ins started").contains("govuk-heading-l");
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> other = from("127.0.0.16").get("/account/signin");
			assertThat(other.statusCode()).as(other.body()).isEqualTo(302);
		}
	}

	@Test
	@DisplayName("console guessing: after 10 refused credentials from an address, 429 with Retry-After for the rest of the minute")
	void consoleSignInWhenGuessedThen429WithRetryAfter() {
		TestCaller guesser = from("127.0.0.7");
		HttpResponse<String> page = guesser.get("/console");
		String csrf = TestBrowser.hidden(page.body(), "_csrf");
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> wrong = guesser.post("/console/signin", "application/x-www-form-urlencoded",
					TestRelyingParty.encode(Map.of("_csrf", csrf, "credential", "tsunagu-op-wrong-" + i)));
			assertThat(wrong.statusCode()).isEqualTo(400);
		}
		HttpResponse<String> refused = guesser.post("/console/signin", "application/x-www-form-urlencoded",
				TestRelyingParty.encode(Map.of("_csrf", csrf, "credential", "tsunagu-op-wrong")));
		waitSaid(refused);
		assertThat(refused.body()).contains("Too many attempts from your connection");
		assertThat(Duration.ofSeconds(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())))
			.isLessThanOrEqualTo(Duration.ofSeconds(60));
	}

}
