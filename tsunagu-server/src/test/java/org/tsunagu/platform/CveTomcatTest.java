package org.tsunagu.platform;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestRelyingParty;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published Apache Tomcat vulnerabilities, tried against the embedded server as the advisories describe them, over
 * raw sockets where an HTTP client would tidy the request up: each attack is refused, and nothing it smuggles
 * reaches a handler.
 */
@TsunaguTest
class CveTomcatTest {

	@Autowired
	TestApi api;

	final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	@DisplayName("CVE-2026-24733 (Tomcat): HEAD to the consent page, which only GET was meant to guard, without a session — refused like GET, the service's origins not disclosed")
	void consentWhenHeadWithoutSessionThenRefusedLikeGet() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "low", null);
		String path = "/signin/consent?client_id=" + rp.clientId + "&state=x&scope=openid";
		HttpResponse<String> get = this.http.send(HttpRequest.newBuilder(this.api.uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<Void> head = this.http.send(HttpRequest.newBuilder(this.api.uri(path))
			.method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
		assertThat(get.statusCode()).isNotEqualTo(200);
		assertThat(head.statusCode()).isEqualTo(get.statusCode());
		assertThat(head.headers().allValues("Content-Security-Policy")).noneMatch((csp) -> csp.contains("rp.example"));
	}

}
