package org.tsunagu.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A caller with an address of its own: an HTTP client bound to one loopback address (any of 127.0.0.0/8 reaches
 * the server), so that the server sees it as another host and keeps its per-address limits apart from the other
 * tests' 127.0.0.1. It keeps cookies and does not follow redirects.
 */
final class TestCaller {

	final String address;

	/** The server as this caller reaches it: {@code http://127.0.0.1:<port>}, which is also the issuer it sees. */
	final String base;

	private final HttpClient http;

	/** The CSRF token of the page this caller's session holds, once a test has read one. */
	String csrf;

	private TestCaller(String address, int port) {
		this.address = address;
		this.base = "http://127.0.0.1:" + port;
		try {
			this.http = HttpClient.newBuilder()
				.localAddress(InetAddress.getByName(address))
				.cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static TestCaller from(String address, int port) {
		return new TestCaller(address, port);
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
	}

	HttpResponse<String> get(String path) {
		return send(request(path).header("Accept", "text/html").GET());
	}

	HttpResponse<String> post(String path, String contentType, String body) {
		return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpClient http() {
		return this.http;
	}

}
