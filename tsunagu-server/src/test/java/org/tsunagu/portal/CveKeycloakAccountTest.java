package org.tsunagu.portal;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestBrowser;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak's account console let its sign-in send the resident on to any address it was given; the resident's
 * account pages here take a return address the same way, and must only ever return within the account.
 */
@TsunaguTest
class CveKeycloakAccountTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	@Test
	@DisplayName("CVE-2024-7260 (Keycloak): the account sign-in asked to return to another site, by scheme-relative, backslash, absolute, dot-segment, CR LF or encoded addresses — after sign-in the resident lands on the account's home, and no redirect ever names the other site")
	void signInWhenReturnIsForeignThenHome() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestBrowser browser = TestPortal.browser(this.api);
		for (String hostile : List.of("//attacker.example", "/\\attacker.example", "https://attacker.example/account/record",
				"/account/x/../../evil", "/account/record\r\nLocation: https://attacker.example", "/account/record?next=//attacker.example",
				"/%2F%2Fattacker.example", "/account/record/../..//attacker.example", "/account//attacker.example")) {
			HttpResponse<String> started = browser.follow(browser.get("/account/signin?return="
					+ URLEncoder.encode(hostile, StandardCharsets.UTF_8)));
			HttpResponse<String> landed = started;
			if (started.body().contains("data-pairing-code")) {
				assertThat(card.approve(TestPortal.base(this.api), TestBrowser.attribute(started.body(), "data-pairing-code")))
					.contains("Approved");
				landed = browser.follow(browser.post("/signin/continue", Map.of("_csrf", TestBrowser.hidden(started.body(), "_csrf"))));
			}
			assertThat(landed.statusCode()).as(hostile + ": " + landed.body()).isEqualTo(200);
			assertThat(landed.uri().getPath()).as(hostile).isEqualTo("/");
		}
		assertThat(browser.seen()).allSatisfy((answer) -> assertThat(answer.headers().firstValue("Location").orElse(""))
			.doesNotContain("attacker"));
	}

}
