package org.tsunagu.platform;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestRelyingParty;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the server's connections and threads (issue 23, resource exhaustion): each holds something the server
 * has only so much of, and each must end in a bounded wait, a refusal, or a closed connection, while a normal
 * request is still answered.
 */
@TsunaguTest
class ConnectionExhaustionTest {

	@Autowired
	TestApi api;

	@Autowired
	Environment environment;

	@Autowired
	DataSource dataSource;

	private int port() {
		return this.environment.getRequiredProperty("local.server.port", Integer.class);
	}

	private Duration setting(String name) {
		return this.environment.getRequiredProperty(name, Duration.class);
	}

	/** A request every client makes, answered in time. */
	private void normalRequestAnswered() {
		long start = System.nanoTime();
		TestApi.Response discovery = this.api.send(this.api.request("/.well-known/openid-configuration", null).GET());
		assertThat(discovery.status()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	@DisplayName("slow-loris: connections that send their headers a byte a second are closed at the header deadline, "
			+ "and a normal request is answered meanwhile")
	void headersWhenSentAByteASecondThenClosedAtTheDeadline() throws Exception {
		Duration deadline = setting("tsunagu.http.header-deadline");
		List<RawConnection> slow = new ArrayList<>();
		long start = System.nanoTime();
		try {
			for (int i = 0; i < 30; i++) {
				RawConnection connection = new RawConnection(port());
				connection.write("GET /.well-known/openid-configuration HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
				slow.add(connection);
			}
			for (int second = 1; second <= deadline.toSeconds() + 5 && !slow.stream().allMatch(RawConnection::closedByServer); second++) {
				Thread.sleep(1_000);
				slow.forEach((connection) -> connection.write("a"));
				if (second == 3) {
					normalRequestAnswered();
				}
			}
			assertThat(slow).as("every slow connection is closed").allMatch(RawConnection::closedByServer);
			for (RawConnection connection : slow) {
				Duration open = Duration.ofNanos(connection.closedAt() - start);
				assertThat(open).as("closed by the deadline, not by a pause between reads")
					.isBetween(deadline.minusSeconds(1), deadline.plusSeconds(4));
			}
			normalRequestAnswered();
		}
		finally {
			slow.forEach(RawConnection::close);
		}
	}

	@Test
	@DisplayName("many idle connections are closed after the connection timeout, and a normal request is answered meanwhile")
	void connectionsWhenIdleThenClosedAfterTheTimeout() throws Exception {
		Duration timeout = setting("server.tomcat.connection-timeout");
		List<RawConnection> idle = new ArrayList<>();
		long start = System.nanoTime();
		try {
			for (int i = 0; i < 300; i++) {
				idle.add(new RawConnection(port()));
			}
			normalRequestAnswered();
			while (System.nanoTime() - start < timeout.plusSeconds(5).toNanos()
					&& !idle.stream().allMatch(RawConnection::closedByServer)) {
				Thread.sleep(250);
			}
			assertThat(idle).as("every idle connection is closed").allMatch(RawConnection::closedByServer);
			assertThat(idle).allSatisfy((connection) -> assertThat(Duration.ofNanos(connection.closedAt() - start))
				.isBetween(timeout.minusSeconds(1), timeout.plusSeconds(5)));
			normalRequestAnswered();
		}
		finally {
			idle.forEach(RawConnection::close);
		}
	}

	@Test
	@DisplayName("headers over 16 KiB, or more than 100 of them, are refused with 400 before the application; 12 KiB pass")
	void headersWhenOversizedThenRefusedWith400() throws Exception {
		assertThat(status("X-Big: " + "a".repeat(12 * 1024) + "\r\n")).isEqualTo("HTTP/1.1 200");
		assertThat(status("X-Big: " + "a".repeat(17 * 1024) + "\r\n")).isIn("HTTP/1.1 400", "HTTP/1.1 431");
		StringBuilder many = new StringBuilder();
		for (int i = 0; i < 101; i++) {
			many.append("X-H").append(i).append(": 1\r\n");
		}
		assertThat(status(many.toString())).isIn("HTTP/1.1 400", "HTTP/1.1 431");
		normalRequestAnswered();
	}

	/** The status line, without the reason, of a discovery request with these extra header lines. */
	private String status(String headers) throws Exception {
		try (RawConnection connection = new RawConnection(port())) {
			connection.write("GET /.well-known/openid-configuration HTTP/1.1\r\nHost: localhost\r\n" + headers
					+ "Connection: close\r\n\r\n");
			String line = connection.statusLine(10_000);
			return line.length() >= 12 ? line.substring(0, 12) : line;
		}
	}

	@Test
	@DisplayName("a chunked form body over 1 MiB, which no Content-Length announces, is refused with 413 problem+json")
	void formWhenChunkedAndOverOneMebibyteThenRefusedWith413() {
		byte[] form = ("client_id=x&padding=" + "a".repeat(1_536 * 1024)).getBytes(StandardCharsets.US_ASCII);
		for (String path : List.of("/oauth2/par", "/presentations/responses")) {
			TestApi.Response answer = this.api.send(this.api.request(path, null)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form))));
			assertThat(answer.status()).as(path).isEqualTo(413);
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertThat(answer.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:payload-too-large");
		}
	}

	@Test
	@DisplayName("slow token request bodies hold no database connection: with more of them than the pool has connections, "
			+ "a pushed request is still answered at once")
	void bodiesWhenSentSlowlyThenTheDatabaseIsStillServed() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "high", null);
		int pool = this.environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 10);
		List<RawConnection> slow = new ArrayList<>();
		try {
			for (int i = 0; i < pool + 4; i++) {
				RawConnection connection = new RawConnection(port());
				connection.write("POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\n"
						+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ngrant_type=");
				slow.add(connection);
			}
			for (int i = 0; i < 4; i++) {
				Thread.sleep(500);
				slow.forEach((connection) -> connection.write("a"));
			}
			long start = System.nanoTime();
			HttpResponse<String> pushed = rp.par(rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
			assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			assertThat(slow).as("the slow clients are still being waited for").noneMatch(RawConnection::closedByServer);
		}
		finally {
			slow.forEach(RawConnection::close);
		}
	}

	@Test
	@DisplayName("every database connection taken: requests wait a bounded time and get 503 with Retry-After, never 500")
	void databaseWhenEveryConnectionIsTakenThen503WithRetryAfter() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "high", null);
		String cards = "/api/v1/residents/" + UUID.randomUUID() + "/cards";
		assertThat(this.api.get(cards).status()).as("the operator's credential, checked and remembered").isIn(200, 404);
		List<Connection> taken = new ArrayList<>();
		try {
			int pool = this.environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 10);
			for (int i = 0; i < pool; i++) {
				taken.add(this.dataSource.getConnection());
			}
			long start = System.nanoTime();
			HttpResponse<String> pushed = rp.par(rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
			assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(503);
			assertThat(pushed.headers().firstValue("Retry-After")).hasValueSatisfying((s) -> assertThat(Integer.parseInt(s)).isPositive());
			assertThat(TestRelyingParty.json(pushed).get("error").asString()).isEqualTo("temporarily_unavailable");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

			TestApi.Response api = this.api.get(cards);
			assertThat(api.status()).as(api.body()).isEqualTo(503);
			assertThat(api.header("Retry-After")).isNotNull();
			assertThat(api.contentType()).startsWith("application/problem+json");
			assertThat(api.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:busy");
		}
		finally {
			for (Connection connection : taken) {
				connection.close();
			}
		}
		HttpResponse<String> again = rp.par(rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
		assertThat(again.statusCode()).as("served again once connections are free").isEqualTo(201);
	}

}
