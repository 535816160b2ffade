package org.tsunagu.oidc;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps of a sign-in as the browser, the wallet and the relying party take them, for tests to reuse. */
final class SignInFlows {

	private SignInFlows() {
	}

	/** Pushes the request; answers the request_uri. */
	static String push(TestRelyingParty rp, Map<String, String> parameters) throws Exception {
		HttpResponse<String> pushed = rp.par(parameters);
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		return TestRelyingParty.json(pushed).get("request_uri").asString();
	}

	/** From the authorization request to the sign-in page; answers the page. */
	static HttpResponse<String> startAt(TestBrowser browser, TestRelyingParty rp, String requestUri) throws Exception {
		return startAt(browser, rp, requestUri, "");
	}

	/** The same, with {@code extraQuery} (such as {@code "&state=x"}) added to the authorization request. */
	static HttpResponse<String> startAt(TestBrowser browser, TestRelyingParty rp, String requestUri, String extraQuery)
			throws Exception {
		HttpResponse<String> authorize = browser.get("/oauth2/authorize?client_id=" + rp.clientId + "&request_uri="
				+ URLEncoder.encode(requestUri, StandardCharsets.UTF_8) + extraQuery);
		return browser.follow(authorize);
	}

	/** The code of {@code back} exchanged with a DPoP proof by {@code dpopKey}; answers the token response. */
	static HttpResponse<String> exchange(TestRelyingParty rp, Map<String, String> back, TestRelyingParty.Pkce pkce,
			com.nimbusds.jose.jwk.ECKey dpopKey) throws Exception {
		return rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"), "redirect_uri", rp.redirectUri,
				"code_verifier", pkce.verifier()), TestRelyingParty.dpop(dpopKey, "POST", rp.issuer + "/oauth2/token", null));
	}

	/** Approves the page's code with the card and continues; answers the next page or the redirect to the service. */
	static HttpResponse<String> approveAndContinue(TestBrowser browser, TestRelyingParty rp, TestCards card,
			HttpResponse<String> signInPage) throws Exception {
		assertThat(signInPage.statusCode()).as(signInPage.body()).isEqualTo(200);
		String code = TestBrowser.attribute(signInPage.body(), "data-pairing-code");
		assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}");
		assertThat(card.approve(rp.issuer, code)).contains("Approved");
		HttpResponse<String> continued = browser.post("/signin/continue",
				Map.of("_csrf", TestBrowser.hidden(signInPage.body(), "_csrf")));
		return browser.follow(continued);
	}

	/** Consents to {@code scopes} on the consent page; answers the redirect to the service. */
	static HttpResponse<String> consent(TestBrowser browser, HttpResponse<String> consentPage, List<String> scopes)
			throws Exception {
		assertThat(consentPage.statusCode()).as(consentPage.body()).isEqualTo(200);
		StringBuilder form = new StringBuilder("client_id=")
			.append(TestBrowser.hidden(consentPage.body(), "client_id"))
			.append("&state=")
			.append(URLEncoder.encode(TestBrowser.hidden(consentPage.body(), "state"), StandardCharsets.UTF_8))
			.append("&scope=openid");
		scopes.forEach((s) -> form.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8)));
		return browser.postEncoded("/oauth2/authorize", form.toString());
	}

	/** Consents when the provider asks; answers the redirect to the service. */
	static HttpResponse<String> finish(TestBrowser browser, HttpResponse<String> afterSignIn, List<String> consented)
			throws Exception {
		return afterSignIn.statusCode() == 200 ? consent(browser, afterSignIn, consented) : afterSignIn;
	}

	/** The whole sign-in (or none, when the browser's session is still signed in): answers the query of the redirect to the service (code, state, iss). */
	static Map<String, String> signIn(TestBrowser browser, TestRelyingParty rp, TestCards card,
			Map<String, String> parameters, List<String> consented) throws Exception {
		return signInAt(browser, rp, card, push(rp, parameters), "", consented);
	}

	/** The sign-in of a pushed request, its authorization request carrying {@code extraQuery} too. */
	static Map<String, String> signInAt(TestBrowser browser, TestRelyingParty rp, TestCards card, String requestUri,
			String extraQuery, List<String> consented) throws Exception {
		HttpResponse<String> start = startAt(browser, rp, requestUri, extraQuery);
		HttpResponse<String> afterSignIn = start.body().contains("data-pairing-code")
				? approveAndContinue(browser, rp, card, start) : start;
		HttpResponse<String> back = finish(browser, afterSignIn, consented);
		assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
		String location = TestBrowser.location(back);
		assertThat(location).startsWith(TestRelyingParty.REDIRECT);
		return TestRelyingParty.query(location);
	}

}
