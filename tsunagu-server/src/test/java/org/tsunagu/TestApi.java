package org.tsunagu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import org.tsunagu.operator.OperatorCredentials;
import org.tsunagu.operator.OperatorRole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.TestComponent;

/**
 * Talks to the running server over real HTTP, as an operator's client would, with a credential holding every
 * operator role unless a test asks for less.
 */
@TestComponent
public class TestApi {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json;

	private final org.springframework.core.env.Environment environment;

	private final OperatorCredentials credentials;

	private String token;

	public TestApi(JsonMapper json, org.springframework.core.env.Environment environment, OperatorCredentials credentials) {
		this.json = json;
		this.environment = environment;
		this.credentials = credentials;
	}

	/** A token for a new credential with the given roles. */
	public String tokenWith(OperatorRole... roles) {
		EnumSet<OperatorRole> set = roles.length == 0 ? EnumSet.noneOf(OperatorRole.class) : EnumSet.of(roles[0], roles);
		return this.credentials.issue("test-" + System.nanoTime(), set).token();
	}

	public synchronized String operatorToken() {
		if (this.token == null) {
			this.token = tokenWith(OperatorRole.values());
		}
		return this.token;
	}

	public Response get(String path) {
		return send(request(path, operatorToken()).GET());
	}

	public Response postJson(String path, String body) {
		return post(path, "application/json", BodyPublishers.ofString(body), operatorToken());
	}

	public Response post(String path, String contentType, BodyPublisher body, String bearer) {
		HttpRequest.Builder request = request(path, bearer).POST(body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	public HttpRequest.Builder request(String path, String bearer) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return request;
	}

	public URI uri(String path) {
		return URI.create("http://localhost:" + this.environment.getRequiredProperty("local.server.port") + path);
	}

	public Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Response(response, this.json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An HTTP answer with its body parsed as JSON when it is JSON. */
	public record Response(HttpResponse<String> raw, JsonMapper json) {

		public int status() {
			return this.raw.statusCode();
		}

		public String body() {
			return this.raw.body();
		}

		public JsonNode jsonBody() {
			return this.json.readTree(this.raw.body());
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

	}

}
