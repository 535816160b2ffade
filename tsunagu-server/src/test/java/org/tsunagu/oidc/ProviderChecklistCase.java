package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the tests of the OpenID Provider checklist share: a relying party allowed level high with a registered
 * logout redirect, a browser, and a sign-in with a card through to its code. The checklist's cases are those the
 * attack and conformance tests did not yet make, each made as an attacker would make it: what a client sends
 * ({@link ProviderChecklistRequestTest}), tokens at the resources ({@link ProviderChecklistTokenTest}) and the
 * handles the provider gives out ({@link ProviderChecklistHandleTest}).
 */
abstract class ProviderChecklistCase {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	TestBrowser browser;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high",
				"\"postLogoutRedirectUris\":[\"https://rp.example/signed-out\"]");
		this.browser = new TestBrowser(this.rp.issuer);
	}

	record SignedIn(String code, TestRelyingParty.Pkce pkce) {
	}

	SignedIn signIn(TestRelyingParty rp, TestCards card) throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, rp, card, rp.authorizationParameters(pkce, "openid profile"),
				List.of("profile"));
		return new SignedIn(back.get("code"), pkce);
	}

	static HttpResponse<String> redeem(TestRelyingParty rp, SignedIn signedIn) throws Exception {
		return rp.token(Map.of("grant_type", "authorization_code", "code", signedIn.code(), "redirect_uri", rp.redirectUri,
				"code_verifier", signedIn.pkce().verifier()), rp.dpop("POST", rp.issuer + "/oauth2/token", null));
	}

}
