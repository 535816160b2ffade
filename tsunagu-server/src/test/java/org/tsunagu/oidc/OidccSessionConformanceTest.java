package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TestClock;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session modules of {@code oidcc-basic-certification-test-plan}, made through this provider's pushed requests
 * and DPoP: a second authorization request while signed in, silent ({@code prompt=none}, {@code max_age=10000},
 * {@code id_token_hint}) or forcing a new sign-in ({@code prompt=login}, {@code max_age=1}), compared by the two ID
 * tokens' {@code sub} and {@code auth_time}, as the suite compares them.
 */
@TsunaguTest
class OidccSessionConformanceTest {

	@Autowired
	TestApi api;

	@Autowired
	TestClock clock;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	TestCards card;

	TestBrowser browser;

	Map<String, Object> first;

	String firstIdToken;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		this.card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		this.browser = new TestBrowser(this.rp.issuer);
		this.firstIdToken = idToken(Map.of());
		this.first = TestRelyingParty.claims(this.firstIdToken);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	/** A sign-in (silent when the session allows) with {@code extra} parameters pushed; answers the ID token. */
	private String idToken(Map<String, String> extra) throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid profile");
		request.putAll(extra);
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card, request, List.of("profile"));
		assertThat(back).containsKey("code");
		HttpResponse<String> tokens = SignInFlows.exchange(this.rp, back, pkce, this.rp.dpopKey);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return TestRelyingParty.json(tokens).get("id_token").asString();
	}

	/** Whether the pushed request with {@code extra} shows the sign-in page rather than answering at once. */
	private boolean asksToSignIn(Map<String, String> extra) throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		request.putAll(extra);
		return SignInFlows.startAt(this.browser, this.rp, SignInFlows.push(this.rp, request)).body().contains("data-pairing-code");
	}

	private void assertSameSignIn(Map<String, Object> second) {
		assertThat(second.get("sub")).isEqualTo(this.first.get("sub"));
		assertThat(second.get("auth_time")).isEqualTo(this.first.get("auth_time"));
	}

	private void assertNewSignIn(Map<String, Object> second) {
		assertThat(second.get("sub")).isEqualTo(this.first.get("sub"));
		assertThat(((Number) second.get("auth_time")).longValue()).isGreaterThan(((Number) this.first.get("auth_time")).longValue());
	}

	@Test
	@DisplayName("oidcc-prompt-none-logged-in: a silent second sign-in, the same sub and auth_time")
	void promptNoneWhenSignedInThenSilentAndTheSameSignIn() throws Exception {
		assertSameSignIn(TestRelyingParty.claims(idToken(Map.of("prompt", "none"))));
	}

	@Test
	@DisplayName("oidcc-max-age-10000: a silent second sign-in, the same sub and auth_time")
	void maxAgeWhenLongThenSilentAndTheSameSignIn() throws Exception {
		assertSameSignIn(TestRelyingParty.claims(idToken(Map.of("max_age", "10000"))));
	}

	@Test
	@DisplayName("oidcc-id-token-hint: prompt=none with the first ID token as hint, the same sub and auth_time")
	void idTokenHintWhenSignedInThenSilentAndTheSameSignIn() throws Exception {
		assertSameSignIn(TestRelyingParty.claims(idToken(Map.of("prompt", "none", "id_token_hint", this.firstIdToken))));
	}

	@Test
	@DisplayName("oidcc-max-age-1: after more than a second the resident signs in again, and auth_time is the new sign-in's")
	void maxAgeWhenExceededThenSignInAgainWithANewAuthTime() throws Exception {
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(asksToSignIn(Map.of("max_age", "1"))).isTrue();
		assertNewSignIn(TestRelyingParty.claims(idToken(Map.of("max_age", "1"))));
	}

	@Test
	@DisplayName("oidcc-prompt-login: the resident signs in again, and auth_time is the new sign-in's")
	void promptLoginWhenSignedInThenSignInAgainWithANewAuthTime() throws Exception {
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(asksToSignIn(Map.of("prompt", "login"))).isTrue();
		assertNewSignIn(TestRelyingParty.claims(idToken(Map.of("prompt", "login"))));
	}

}
