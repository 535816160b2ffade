package org.tsunagu.portal;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestBrowser;
import org.tsunagu.operator.OperatorRole;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' rules that need no browser: strict headers, CSRF tokens on every form, signed-out pages sent to
 * sign-in, roles enforced, bad bytes and unknown addresses answered with the Design System's pages (never a
 * stack trace, never JSON), Japanese by {@code Accept-Language}.
 */
@TsunaguTest
class PortalPagesTest {

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	org.tsunagu.TestClock clock;

	private TestBrowser browser() {
		return TestPortal.browser(this.api);
	}

	private TestBrowser console(OperatorRole... roles) throws Exception {
		return TestPortal.console(this.api, roles);
	}

	@Test
	void pagesCarryAStrictPolicyAndAreNotCached() throws Exception {
		for (String path : new String[] { "/", "/console" }) {
			HttpResponse<String> page = browser().get(path);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'")
				.contains("frame-ancestors 'none'")
				.doesNotContain("unsafe-inline");
			assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
			assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
			assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=\"");
		}
	}

	@Test
	void formsWithoutTheirCsrfTokenAreRefused() throws Exception {
		TestBrowser browser = browser();
		browser.get("/console");
		assertThat(browser.post("/console/signin", Map.of("credential", this.api.operatorToken())).statusCode()).isEqualTo(403);
		assertThat(browser.post("/account/signout", Map.of()).statusCode()).isEqualTo(403);
		TestBrowser operator = console(OperatorRole.REGISTRY_WRITE);
		long residents = this.jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single();
		assertThat(operator.post("/console/enrol", Map.of("name.family", "山田")).statusCode()).isEqualTo(403);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single()).isEqualTo(residents);
	}

	@Test
	void signedOutAccountPagesStartTheSignIn() throws Exception {
		HttpResponse<String> record = browser().get("/account/record");
		assertThat(record.statusCode()).isEqualTo(302);
		assertThat(TestBrowser.location(record)).endsWith("/account/signin?return=%2Faccount%2Frecord");
		TestBrowser browser = browser();
		HttpResponse<String> start = browser.get("/account/signin");
		assertThat(TestBrowser.location(start)).contains("/oauth2/authorize?client_id=tsunagu-portal&request_uri=");
		assertThat(browser().get("/console/enrol").statusCode()).isEqualTo(302);
		// a return address that leaves the account pages is not followed
		HttpResponse<String> callback = browser.get("/callback?code=x&state=forged");
		assertThat(callback.body()).contains("Your sign-in expired").doesNotContain("Exception");
	}

	@Test
	void consoleTasksNeedTheirRoles() throws Exception {
		TestBrowser reader = console(OperatorRole.REGISTRY_READ);
		HttpResponse<String> refused = reader.get("/console/relying-party");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(refused.body()).contains("You cannot do this").contains("govuk-heading-l");
		assertThat(reader.get("/console/enrol").statusCode()).isEqualTo(403);
		assertThat(reader.get("/console").body()).contains("Find a resident").doesNotContain("Enrol a resident")
			.doesNotContain("Register a relying party");
	}

	@Test
	void badBytesAndUnknownAddressesGetPagesNotTraces() throws Exception {
		TestBrowser operator = console(OperatorRole.REGISTRY_WRITE, OperatorRole.REGISTRY_READ);
		String page = operator.get("/console/enrol").body();
		long residents = this.jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single();
		// a lone surrogate encoded as UTF-8 bytes: not text
		HttpResponse<String> bad = operator.postEncoded("/console/enrol", "_csrf=" + TestBrowser.hidden(page, "_csrf")
				+ "&name.family=%ED%A0%80&name.given=%FF%FE&birthDate=1990-01-01");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("could not read what was sent").doesNotContain("Exception").doesNotContain("at org.");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single()).isEqualTo(residents);
		for (String path : new String[] { "/console/residents/not-an-id", "/console/residents/00000000-0000-0000-0000-00000000000g",
				"/console/nothing-here" }) {
			HttpResponse<String> missing = operator.get(path);
			assertThat(missing.statusCode()).as(path).isEqualTo(404);
			assertThat(missing.body()).as(path).contains("Page not found").doesNotContain("Exception");
		}
		HttpResponse<String> unknown = operator.get("/console/residents/00000000-0000-0000-0000-000000000000");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("Page not found").doesNotContain("Exception");
	}

	@Test
	void consoleSignInIsThrottled() throws Exception {
		TestBrowser browser = browser();
		String csrf = TestBrowser.hidden(browser.get("/console").body(), "_csrf");
		int refused = 0;
		for (int i = 0; i < 12; i++) {
			HttpResponse<String> attempt = browser.post("/console/signin", Map.of("_csrf", csrf, "credential", "tsu_op_guess" + i));
			assertThat(attempt.statusCode()).isIn(400, 429);
			refused += attempt.statusCode() == 429 ? 1 : 0;
		}
		assertThat(refused).isGreaterThanOrEqualTo(2);
		assertThat(browser.post("/console/signin", Map.of("_csrf", csrf, "credential", this.api.operatorToken())).body())
			.contains("Too many attempts");
		// a minute later the address may try again
		this.clock.advance(java.time.Duration.ofSeconds(61));
		try {
			assertThat(browser.post("/console/signin", Map.of("_csrf", csrf, "credential", this.api.operatorToken())).statusCode())
				.isEqualTo(302);
		}
		finally {
			this.clock.reset();
		}
	}

	@Test
	void pagesSpeakJapaneseWhenAsked() throws Exception {
		TestBrowser browser = browser();
		assertThat(browser.get("/?lang=ja").body()).contains("あなたのデジタルID").contains("lang=\"ja\"");
		assertThat(browser.get("/console").body()).contains("運用コンソールにログイン");
	}

	@Test
	void consoleResidentPageShowsStatusOfResidenceAndAnOpenCorrection() throws Exception {
		String id = this.api.postJson("/api/v1/residents", org.tsunagu.registry.TestResidents.lanFromVietnam()).jsonBody()
			.get("id").asString();
		String until = java.time.LocalDate.now().plusYears(1).toString();
		assertThat(this.api.postJson("/api/v1/residents/" + id + "/events",
				org.tsunagu.registry.TestResidents.residence("student", until, "not-permitted")).status()).isEqualTo(200);
		assertThat(this.api.postJson("/api/v1/residents/" + id + "/events",
				"{ \"type\": \"correction-opened\", \"facts\": [\"address\"] }").status()).isEqualTo(200);
		TestBrowser operator = console(OperatorRole.REGISTRY_READ);
		String page = operator.get("/console/residents/" + id).body();
		assertThat(page).contains("Status of residence", "Student", "Period of stay ends " + until, "Work: not permitted",
				"Being corrected", "Correction opened", "Status of residence recorded").doesNotContain("??");
		String ja = operator.get("/console/residents/" + id + "?lang=ja").body();
		assertThat(ja).contains("在留資格", "留学", "就労不可", "訂正中").doesNotContain("??");
	}

}
