package org.tsunagu.platform;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published Spring Security, Spring Boot and Spring Framework vulnerabilities in which requests miss the security
 * meant for them: a path written so that it matches another chain, or none, or a rule it should not; and security
 * headers left off some answers. Tried against the server's six chains and the OCSP filter ahead of them, with the
 * connector passing encoded slashes through as OCSP needs.
 */
@TsunaguTest
class CveSpringSecurityTest {

	@Autowired
	TestApi api;

	@Autowired
	WebApplicationContext context;

	String resident;

	String number;

	@BeforeEach
	void enrol() {
		var enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		this.resident = enrolled.get("id").asString();
		this.number = enrolled.get("individualNumber").asString();
	}

	/** A GET as bytes, the path exactly as written. */
	private RawHttp.Exchange get(String path) {
		return RawHttp.send(this.api.uri("").getPort(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n"
				+ "Connection: close\r\n\r\n");
	}

	@Test
	@DisplayName("CVE-2023-34035, CVE-2026-22753, CVE-2026-40976 (Spring Security, Spring Boot) and CVE-2022-22978 (newlines): a resident's record asked for without a credential by paths written to match a public chain, no chain or no rule (%2F, ;params, //, /./, case, %2e%2e, %252e, %00, %0a, %0d, %5C, %u002f, ..;/, under /assets, /signin, /webjars and /pki/ocsp) — never served")
	void protectedPathWhenWrittenToMissItsChainThenNeverServed() {
		String record = "/api/v1/residents/" + this.resident;
		assertThat(get(record).statuses()).containsExactly(401);
		List<String> variants = List.of("/api%2Fv1/residents/" + this.resident, "/api/v1/residents%2F" + this.resident,
				"/api;jsessionid=x/v1/residents/" + this.resident, "/api/v1;a=b/residents/" + this.resident,
				"/api/v1/residents;/" + this.resident, "//api/v1/residents/" + this.resident, "/./api/v1/residents/" + this.resident,
				record + "/", "/API/v1/residents/" + this.resident, "/api/v1/x/%2e%2e/residents/" + this.resident,
				"/api/v1/x/%252e%252e/residents/" + this.resident, record + "%00", record + "%0a", record + "%0d",
				"/api%5Cv1/residents/" + this.resident, "/api%u002fv1/residents/" + this.resident,
				"/assets/..%2F..%2Fapi/v1/residents/" + this.resident, "/assets/%2e%2e/%2e%2e/api/v1/residents/" + this.resident,
				"/assets/..;/api/v1/residents/" + this.resident, "/signin/..;/api/v1/residents/" + this.resident,
				"/signin/%2e%2e/api/v1/residents/" + this.resident, "/webjars/../api/v1/residents/" + this.resident,
				"/pki/ocsp/..%2F..%2Fapi/v1/residents/" + this.resident, "/pki/ocsp/%2e%2e/%2e%2e/api/v1/residents/" + this.resident,
				"/log/..%2Fapi/v1/residents/" + this.resident, "/.well-known/..%2F..%2Fapi/v1/residents/" + this.resident);
		for (String path : variants) {
			RawHttp.Exchange answer = get(path);
			assertThat(answer.text()).as(path).doesNotContain(this.number).doesNotContain("髙橋");
			assertThat(answer.statuses()).as(path + "\n" + answer.text()).hasSize(1);
			int status = answer.statuses().get(0);
			if (status == 200) {
				assertThat(answer.text()).as(path + ": only the OCSP filter answers such a path").contains("application/ocsp-response");
			}
			else {
				assertThat(status).as(path).isIn(400, 401, 403, 404);
			}
		}
	}

	@Test
	@DisplayName("CVE-2023-34035 (Spring Security, several servlets): one dispatcher servlet serves every handler, and no other servlet (no database console) is registered")
	void servletsWhenListedThenOneDispatcherAndNothingElseOfNote() {
		ServletContext servlets = this.context.getServletContext();
		assertThat(servlets).isNotNull();
		Map<String, ? extends jakarta.servlet.ServletRegistration> registrations = servlets.getServletRegistrations();
		assertThat(registrations.values()).filteredOn((r) -> r.getClassName().endsWith("DispatcherServlet")).hasSize(1);
		assertThat(registrations.values()).noneMatch((r) -> r.getClassName().toLowerCase().contains("h2")
				|| r.getClassName().toLowerCase().contains("console"));
	}

	@Test
	@DisplayName("CVE-2026-22732 (Spring Security): answers that set their own Content-Length (log tiles, checkpoints, keys, token errors, problems) and pages — every one carries nosniff and forbids framing")
	void answersWhenTheySetTheirLengthThenSecurityHeadersAreStillWritten() throws Exception {
		HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		for (String path : List.of("/signin", "/signin/consent?client_id=x&state=y", "/account/record", "/console",
				"/api/v1/me/record", "/log/checkpoint", "/log/key", "/log/tile/0/000", "/oauth2/jwks",
				"/.well-known/openid-configuration", "/presentations/requests/unknown", "/api/v1/residents/" + this.resident)) {
			HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(this.api.uri(path)).header("Accept", "text/html,*/*").build(),
					HttpResponse.BodyHandlers.discarding());
			assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path + " " + answer.statusCode()).hasValue("nosniff");
			assertThat(answer.headers().firstValue("X-Frame-Options").orElse("")
					+ answer.headers().firstValue("Content-Security-Policy").orElse("")).as(path).containsAnyOf("DENY", "frame-ancestors");
		}
		HttpResponse<Void> tokenError = http.send(HttpRequest.newBuilder(this.api.uri("/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=x"))
			.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(tokenError.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

}
