package org.tsunagu.fuzz;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;

import org.tsunagu.oidc.TestBrowser;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;

/**
 * A browser session at the pages, as a person without script has one: its cookies and its CSRF token, from a sign-in
 * made as people make it (an operator with a credential at the console, a resident with the card at the account).
 * A fuzzed form post carries the session's cookies and, where its body says {@code $csrf}, the token.
 */
final class FuzzSession {

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String base = FuzzActors.origin();

	/** The session's CSRF token, as its pages carry it in their forms. */
	String csrf;

	private FuzzSession() {
	}

	/** A session that is signed in nowhere, its token from the console's sign-in page. */
	static FuzzSession anonymous() throws Exception {
		FuzzSession session = new FuzzSession();
		session.csrf = TestBrowser.hidden(session.get("/console").body(), "_csrf");
		return session;
	}

	/** An operator signed in to the console with a credential holding every role. */
	static FuzzSession console() throws Exception {
		FuzzSession session = anonymous();
		HttpResponse<String> signedIn = session.post("/console/signin",
				Map.of("_csrf", session.csrf, "credential", FuzzActors.api().operatorToken()));
		if (signedIn.statusCode() != 302) {
			throw new IllegalStateException("the console refused the operator: " + signedIn.statusCode());
		}
		session.csrf = TestBrowser.hidden(session.get("/console/enrol").body(), "_csrf");
		return session;
	}

	/** The card's holder signed in to the account: the account's sign-in, the code approved with the card. */
	static FuzzSession account(TestCards card) throws Exception {
		FuzzSession session = new FuzzSession();
		HttpResponse<String> signIn = session.follow(session.get("/account/signin?return=/account/delegations/mandate"));
		String code = TestBrowser.attribute(signIn.body(), "data-pairing-code");
		if (code == null || !card.approve(session.base, code).contains("Approved")) {
			throw new IllegalStateException("the card did not approve the sign-in: " + signIn.statusCode());
		}
		HttpResponse<String> landed = session.follow(session.post("/signin/continue",
				Map.of("_csrf", TestBrowser.hidden(signIn.body(), "_csrf"))));
		if (landed.statusCode() != 200 || !landed.uri().getPath().equals("/account/delegations/mandate")) {
			throw new IllegalStateException("the account sign-in ended at " + landed.uri() + ": " + landed.statusCode());
		}
		session.csrf = TestBrowser.hidden(landed.body(), "_csrf");
		return session;
	}

	/** Whether a page that needs the session still answers as signed in. */
	boolean signedIn(String page) throws Exception {
		HttpResponse<String> answer = get(page);
		return answer.statusCode() == 200 && !answer.body().contains("name=\"credential\"");
	}

	/** The {@code Cookie} header a request of this session carries. */
	String cookieHeader() {
		return this.cookies.getCookieStore()
			.get(URI.create(this.base))
			.stream()
			.map((c) -> c.getName() + "=" + c.getValue())
			.collect(Collectors.joining("; "));
	}

	HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Accept", "text/html")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(form)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Follows redirects within the server, and stops at a page or at the first that leaves it. */
	HttpResponse<String> follow(HttpResponse<String> response) throws Exception {
		HttpResponse<String> current = response;
		for (int i = 0; i < 10 && current.statusCode() / 100 == 3; i++) {
			URI next = current.uri().resolve(current.headers().firstValue("Location").orElseThrow());
			if (!next.toString().startsWith(this.base)) {
				return current;
			}
			current = get(next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
		}
		return current;
	}

}
