package org.tsunagu.platform;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as deployed behind a proxy that ends TLS: its public URL is https, while the server itself is reached
 * over plain http, as the proxy reaches it.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.public-url=https://id.tsunagu.example")
class CveTomcatBehindTlsTest {

	@Autowired
	TestApi api;

	private static String cookie(HttpResponse<?> response, String name) {
		List<String> cookies = response.headers().allValues("Set-Cookie");
		return cookies.stream().filter((c) -> c.startsWith(name + "=")).findFirst()
			.orElseThrow(() -> new AssertionError("no " + name + " cookie in " + cookies));
	}

	@Test
	@DisplayName("CVE-2023-28708 (Tomcat): behind a proxy that ends TLS, the server sees plain http — the session and language cookies are still sent Secure, HttpOnly and SameSite=Lax")
	void cookiesWhenPublicUrlIsHttpsThenSecureThoughTheServerSeesHttp() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<Void> page = http.send(HttpRequest.newBuilder(this.api.uri("/signin?lang=ja")).header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(page.statusCode()).isEqualTo(200);
		String session = cookie(page, "JSESSIONID");
		assertThat(session).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
		assertThat(cookie(page, "tsunagu-lang")).contains("Secure").contains("HttpOnly");
	}

}
