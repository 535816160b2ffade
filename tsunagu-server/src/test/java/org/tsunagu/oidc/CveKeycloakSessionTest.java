package org.tsunagu.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.pki.TestKeys;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.Slot;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published Keycloak vulnerabilities in the sign-in session: what the browser is given on the way (cookies,
 * redirects), the session's id across sign-in, and one-time codes and lockouts under parallel attempts. Each is
 * tried as the advisory describes it, and refused.
 */
@TsunaguTest
class CveKeycloakSessionTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	TestCards card;

	final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "substantial", null);
		this.card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
	}

	@Test
	@DisplayName("CVE-2024-4540 (Keycloak): a pushed request's parameters (nonce, PKCE challenge, state, client assertion, dpop_jkt) — in no cookie and no redirect of the sign-in, decoded or not, but the state in the final answer to the service")
	void parWhenPushedThenNoParameterLeaksIntoCookiesOrRedirects() throws Exception {
		TestBrowser browser = new TestBrowser(this.rp.issuer);
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		request.put("dpop_jkt", this.rp.dpopKey.computeThumbprint().toString());
		String assertion = this.rp.assertion();
		request.put("client_assertion", assertion);
		request.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		HttpResponse<String> pushed = this.rp.par(request);
		assertThat(TestRelyingParty.json(pushed).properties()).extracting(Map.Entry::getKey)
			.containsOnly("request_uri", "expires_in");
		String requestUri = TestRelyingParty.json(pushed).get("request_uri").asString();
		HttpResponse<String> page = SignInFlows.startAt(browser, this.rp, requestUri);
		HttpResponse<String> back = SignInFlows.finish(browser, SignInFlows.approveAndContinue(browser, this.rp, this.card, page),
				List.of("profile"));
		assertThat(TestBrowser.location(back)).startsWith(TestRelyingParty.REDIRECT);
		List<String> secrets = List.of(request.get("nonce"), request.get("code_challenge"), request.get("state"),
				request.get("dpop_jkt"), assertion.substring(assertion.lastIndexOf('.') + 1));
		for (HttpResponse<String> answer : browser.seen()) {
			List<String> carried = new ArrayList<>(answer.headers().allValues("Set-Cookie"));
			carried.addAll(carried.stream().map(CveKeycloakSessionTest::decoded).toList());
			if (answer != back) {
				answer.headers().firstValue("Location").ifPresent(carried::add);
			}
			for (String value : carried) {
				assertThat(value).as(answer.uri().getPath()).doesNotContain(secrets);
			}
		}
	}

	/** A cookie's value read as base64 (either alphabet), in case a parameter is kept encoded. */
	private static String decoded(String setCookie) {
		String value = setCookie.substring(setCookie.indexOf('=') + 1).split(";")[0];
		for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
			try {
				return new String(decoder.decode(value), StandardCharsets.ISO_8859_1);
			}
			catch (IllegalArgumentException ex) {
				// not in this alphabet
			}
		}
		return "";
	}

	@Test
	@DisplayName("CVE-2024-7341 (Keycloak): the session id a browser had before signing in (the fixation) — replaced at sign-in, for residents and for operators, and the old one opens nothing")
	void signInWhenCompletedThenSessionIdChangesAndTheOldOneOpensNothing() throws Exception {
		TestBrowser browser = new TestBrowser(this.rp.issuer);
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		HttpResponse<String> page = SignInFlows.startAt(browser, this.rp, SignInFlows.push(this.rp, request));
		String before = browser.cookie("JSESSIONID");
		assertThat(before).isNotBlank();
		HttpResponse<String> consent = SignInFlows.approveAndContinue(browser, this.rp, this.card, page);
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
		assertThat(browser.cookie("JSESSIONID")).isNotBlank().isNotEqualTo(before);
		HttpResponse<String> fixed = this.http.send(HttpRequest.newBuilder(URI.create(consent.uri().toString()))
			.header("Cookie", "JSESSIONID=" + before).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(fixed.statusCode()).isNotEqualTo(200);
		assertThat(fixed.body()).doesNotContain("Share your information");

		TestBrowser console = new TestBrowser(this.rp.issuer);
		String form = console.get("/console").body();
		String operatorBefore = console.cookie("JSESSIONID");
		assertThat(console.post("/console/signin", Map.of("_csrf", TestBrowser.hidden(form, "_csrf"), "credential",
				this.api.tokenWith(org.tsunagu.operator.OperatorRole.REGISTRY_READ))).statusCode()).isEqualTo(302);
		assertThat(console.cookie("JSESSIONID")).isNotEqualTo(operatorBefore);
		HttpResponse<String> oldConsole = this.http.send(HttpRequest.newBuilder(this.api.uri("/console"))
			.header("Cookie", "JSESSIONID=" + operatorBefore).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(oldConsole.body()).contains("name=\"credential\"");
	}

	@Test
	@DisplayName("CVE-2024-4629 (Keycloak): 20 bad card approvals of one sign-in code raced in parallel — the code is locked all the same, and the real card cannot approve it afterwards")
	void pairingWhenBadApprovalsRaceThenLockedAndTheCodeIsDead() throws Exception {
		TestBrowser browser = new TestBrowser(this.rp.issuer);
		HttpResponse<String> page = browser.get("/signin");
		String code = TestBrowser.attribute(page.body(), "data-pairing-code");
		String certificate = Base64.getEncoder().encodeToString(this.card.card().certificate(Slot.AUTHENTICATION).orElseThrow()
			.getEncoded());
		String bad = Base64.getEncoder().encodeToString(new byte[] { 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01 });
		List<Integer> statuses = parallel(20, () -> this.http.send(HttpRequest.newBuilder(this.api.uri("/signin/pairings/approval"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"certificate\":\"" + certificate
					+ "\",\"signature\":\"" + bad + "\"}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
		assertThat(statuses).allSatisfy((status) -> assertThat(status).isIn(403, 404));
		assertThat(this.card.approve(this.rp.issuer, code)).doesNotContain("Approved");
		HttpResponse<String> continued = browser.post("/signin/continue", Map.of("_csrf", TestBrowser.hidden(page.body(), "_csrf")));
		assertThat(continued.body()).doesNotContain("Share your information");
		assertThat(TestBrowser.location(continued)).isNull();
	}

	@Test
	@DisplayName("CVE-2024-4629 (Keycloak): one PIN reset code redeemed 20 times in parallel — exactly one redemption succeeds")
	void pinResetWhenRedeemedInParallelThenExactlyOnce() throws Exception {
		String resident = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		String cardId = this.api.postJson("/api/v1/residents/" + resident + "/cards", TestKeys.cardRequest()).jsonBody()
			.get("cardId").asString();
		String code = this.api.postJson("/api/v1/cards/" + cardId + "/pin-reset", "{\"slot\":\"auth\"}").jsonBody().get("code")
			.asString();
		List<Integer> statuses = parallel(20, () -> this.http.send(HttpRequest.newBuilder(this.api.uri("/api/v1/cards/" + cardId
				+ "/pin-reset/redeem")).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"slot\":\"auth\",\"code\":\"" + code + "\"}")).build(),
				HttpResponse.BodyHandlers.discarding()).statusCode());
		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status != 200).allSatisfy((status) -> assertThat(status).isEqualTo(403));
	}

	private static List<Integer> parallel(int count, Callable<Integer> attempt) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<Future<Integer>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(pool.submit(attempt));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> future : futures) {
				statuses.add(future.get());
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
