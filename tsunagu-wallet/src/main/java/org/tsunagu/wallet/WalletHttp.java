package org.tsunagu.wallet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The wallet's HTTP calls: network failures and refusals become {@link WalletException}s people can read. */
public final class WalletHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private WalletHttp() {
	}

	/** Sends; a network failure or an interruption is a {@link WalletException} naming the URL. */
	public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new WalletException("Cannot reach " + request.uri() + ".", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WalletException("Interrupted.", ex);
		}
	}

	/** POSTs JSON; any status but {@code expected} is refused with the problem's detail. */
	public static JsonNode postJson(HttpClient http, String url, String body, String bearer, int expected) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		HttpResponse<String> response = send(http, request.build());
		if (response.statusCode() != expected) {
			String detail;
			try {
				detail = JSON.readTree(response.body()).path("detail").asString("HTTP " + response.statusCode());
			}
			catch (RuntimeException ex) {
				detail = "HTTP " + response.statusCode();
			}
			throw new WalletException("The server refused: " + detail);
		}
		return JSON.readTree(response.body());
	}

}
