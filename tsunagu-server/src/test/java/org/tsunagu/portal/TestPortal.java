package org.tsunagu.portal;

import java.net.http.HttpResponse;
import java.util.Map;

import org.tsunagu.TestApi;
import org.tsunagu.oidc.TestBrowser;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.operator.OperatorRole;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsers without script signed in to the pages as people sign in: an operator to the console with a credential
 * holding some roles, a resident to the account through the provider with their card.
 */
final class TestPortal {

	private TestPortal() {
	}

	static TestBrowser browser(TestApi api) {
		return new TestBrowser(base(api));
	}

	static String base(TestApi api) {
		return api.uri("").toString().replaceAll("/$", "");
	}

	/** A console session of an operator with the given roles. */
	static TestBrowser console(TestApi api, OperatorRole... roles) throws Exception {
		TestBrowser browser = browser(api);
		String page = browser.get("/console").body();
		HttpResponse<String> signedIn = browser.post("/console/signin",
				Map.of("_csrf", TestBrowser.hidden(page, "_csrf"), "credential", api.tokenWith(roles)));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		return browser;
	}

	/**
	 * An account session of the card's holder: the account's sign-in, the code approved with the card in the
	 * wallet, back through the callback to {@code page}; answers the browser, on that page.
	 */
	static SignedIn account(TestApi api, TestCards card, String page) throws Exception {
		TestBrowser browser = browser(api);
		HttpResponse<String> signIn = browser.follow(browser.get("/account/signin?return=" + page));
		assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
		String code = TestBrowser.attribute(signIn.body(), "data-pairing-code");
		assertThat(card.approve(base(api), code)).contains("Approved");
		HttpResponse<String> landed = browser.follow(browser.post("/signin/continue",
				Map.of("_csrf", TestBrowser.hidden(signIn.body(), "_csrf"))));
		assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
		assertThat(landed.uri().getPath()).isEqualTo(page);
		return new SignedIn(browser, landed);
	}

	/** A signed-in browser and the page it landed on. */
	record SignedIn(TestBrowser browser, HttpResponse<String> page) {
	}

}
