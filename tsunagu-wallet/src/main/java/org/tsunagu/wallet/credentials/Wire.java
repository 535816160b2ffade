package org.tsunagu.wallet.credentials;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.tsunagu.wallet.WalletException;
import org.tsunagu.wallet.WalletHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The credential commands' side of the wire: addresses checked before they are called (HTTPS, or plain HTTP to this
 * machine only, for a server running here), JSON documents read, forms sent, and a refusal put in the server's own
 * words. Redirects are never followed (the client's default), as OpenID4VP 1.0 section 5.10.1 asks of a wallet.
 */
final class Wire {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

	/** Larger answers than this are not credentials, metadata or requests. */
	private static final int MAX_BODY = 4 * 1024 * 1024;

	private final HttpClient http;

	Wire(HttpClient http) {
		this.http = http;
	}

	/**
	 * {@code url} as an address the wallet may call: absolute, HTTPS (or HTTP to this machine), no fragment.
	 * @param what what the address is, for the message
	 */
	static URI checked(String what, String url) {
		URI uri;
		try {
			uri = url == null ? null : new URI(url);
		}
		catch (java.net.URISyntaxException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null || uri.getRawFragment() != null
				|| !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && LOOPBACK.contains(uri.getHost())))) {
			throw new WalletException(what + " is not an https:// address" + (url == null ? "." : ": " + shorten(url)));
		}
		return uri;
	}

	/** GETs a JSON object; anything else (another status, not JSON) is refused naming {@code what}. */
	JsonNode getJson(String what, String url) {
		HttpResponse<String> response = get(url, "application/json");
		if (response.statusCode() != 200) {
			throw new WalletException(what + " at " + url + " cannot be read: " + problem(response) + ".");
		}
		return object(what, response.body());
	}

	HttpResponse<String> get(String url, String accept) {
		return send(HttpRequest.newBuilder(checked("The address", url)).header("Accept", accept).GET());
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		HttpResponse<String> response = WalletHttp.send(this.http, request.timeout(java.time.Duration.ofSeconds(30)).build());
		if (response.body() != null && response.body().length() > MAX_BODY) {
			throw new WalletException(response.uri() + " answered more than a wallet reads (" + MAX_BODY + " characters).");
		}
		return response;
	}

	/** A JSON object from a server's answer; one sentence when it is not one. */
	static JsonNode object(String what, String body) {
		JsonNode node;
		try {
			node = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			node = null;
		}
		if (node == null || !node.isObject()) {
			throw new WalletException(what + " is not a JSON object.");
		}
		return node;
	}

	static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/**
	 * A refusal in the server's words, without a final full stop: OAuth's {@code error_description} (or
	 * {@code error}), a problem's {@code detail}, and the verifier's {@code reason} when it gives one; else the status.
	 */
	static String problem(HttpResponse<String> response) {
		JsonNode body;
		try {
			body = JSON.readTree(response.body() == null ? "" : response.body());
		}
		catch (RuntimeException ex) {
			body = null;
		}
		if (body == null || !body.isObject()) {
			return "HTTP " + response.statusCode();
		}
		String words = shorten(body.path("error_description").asString(body.path("detail").asString(body.path("error").asString(""))))
			.replaceAll("[.]$", "");
		String reason = body.path("reason").asString("");
		String said = (words.isEmpty() ? "HTTP " + response.statusCode() : words);
		return reason.isEmpty() ? said : said + " (reason: " + shorten(reason) + ")";
	}

	/** Text from elsewhere, on one line and short, for a message. */
	static String shorten(String text) {
		String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
		return line.length() > 200 ? line.substring(0, 200) + "..." : line;
	}

	/** The decoded query of a link; {@code refusal} starts the message when it is not one. */
	static Map<String, String> query(String link, String refusal) {
		URI uri;
		try {
			uri = new URI(link);
		}
		catch (java.net.URISyntaxException ex) {
			throw new WalletException(refusal + ": not a link.");
		}
		Map<String, String> query = new LinkedHashMap<>();
		String raw = uri.getRawQuery();
		for (String pair : raw == null ? new String[0] : raw.split("&")) {
			int eq = pair.indexOf('=');
			String name;
			String value;
			try {
				name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				throw new WalletException(refusal + ": the link's query is not URL-encoded.");
			}
			if (query.put(name, value) != null) {
				throw new WalletException(refusal + ": " + shorten(name) + " is given twice.");
			}
		}
		return query;
	}

}
