package org.tsunagu.oidc;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without script, for tests: keeps cookies, does not follow redirects (tests look at each one), sends
 * {@code Accept: text/html} as a browser does.
 */
public final class TestBrowser {

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	/** Every answer this browser got, in order: for tests that look at what any step sent back. */
	private final java.util.List<HttpResponse<String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final String base;

	public TestBrowser(String base) {
		this.base = base.replaceAll("/$", "");
	}

	public HttpResponse<String> get(String pathOrUrl) throws Exception {
		return seen(this.http.send(HttpRequest.newBuilder(uri(pathOrUrl))
			.header("Accept", "text/html,application/xhtml+xml")
			.header("Accept-Language", "en")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString()));
	}

	public HttpResponse<String> post(String pathOrUrl, Map<String, String> form) throws Exception {
		return postEncoded(pathOrUrl, TestRelyingParty.encode(form));
	}

	public HttpResponse<String> postEncoded(String pathOrUrl, String body) throws Exception {
		return seen(this.http.send(HttpRequest.newBuilder(uri(pathOrUrl))
			.header("Accept", "text/html,application/xhtml+xml")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString()));
	}

	private HttpResponse<String> seen(HttpResponse<String> response) {
		this.seen.add(response);
		return response;
	}

	/** The answers this browser has had so far. */
	public java.util.List<HttpResponse<String>> seen() {
		return java.util.List.copyOf(this.seen);
	}

	/** The value of the cookie this browser holds under {@code name}, or {@code null}. */
	public String cookie(String name) {
		return this.cookies.getCookieStore().getCookies().stream().filter((c) -> c.getName().equals(name))
			.map(java.net.HttpCookie::getValue).findFirst().orElse(null);
	}

	/** Follows redirects within the server, and stops at the first one that leaves it (or at a page). */
	public HttpResponse<String> follow(HttpResponse<String> response) throws Exception {
		HttpResponse<String> current = response;
		for (int i = 0; i < 10 && current.statusCode() / 100 == 3; i++) {
			String location = current.headers().firstValue("Location").orElseThrow();
			URI next = current.uri().resolve(location);
			if (!next.toString().startsWith(this.base)) {
				return current;
			}
			current = get(next.toString());
		}
		return current;
	}

	public static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElse(null);
	}

	public static String attribute(String html, String attribute) {
		Matcher m = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(html);
		return m.find() ? m.group(1) : null;
	}

	public static String hidden(String html, String name) {
		Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"\\s+value=\"([^\"]*)\"").matcher(html);
		if (m.find()) {
			return m.group(1);
		}
		m = Pattern.compile("value=\"([^\"]*)\"\\s+name=\"" + Pattern.quote(name) + "\"").matcher(html);
		return m.find() ? m.group(1) : null;
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : this.base + pathOrUrl);
	}

}
