package org.tsunagu.browser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys in a real browser with WebDriver's virtual authenticator: added after a card sign-in, then used to
 * sign in at level substantial; a service that asks for high sends the resident back to the card.
 */
@TsunaguTest
class BrowserPasskeyTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	ChromeDriver browser;

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void passkeyWhenAddedAfterCardThenSignsInAtSubstantialAndHighNeedsTheCard() throws Exception {
		this.browser = Browsers.chromium("en");
		this.browser.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
			.setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
			.setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
			.setHasResidentKey(true)
			.setHasUserVerification(true)
			.setIsUserVerified(true));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		String callback = this.api.uri("/rp-callback").toString().replace("localhost", "127.0.0.1");
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null, callback);
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);

		// a card sign-in first
		open(rp, rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile"));
		String code = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-pairing-code]")))
			.getAttribute("data-pairing-code");
		assertThat(card.approve(rp.issuer, code)).contains("Approved");
		wait.until(ExpectedConditions.urlContains("/signin/consent"));
		this.browser.findElement(By.cssSelector("button.govuk-button:not(.govuk-button--secondary)")).click();
		wait.until(ExpectedConditions.urlContains("/rp-callback"));

		// then a passkey
		this.browser.get(rp.issuer + "/signin/passkeys");
		this.browser.findElement(By.id("passkey-label")).clear();
		this.browser.findElement(By.id("passkey-label")).sendKeys("laptop");
		wait.until(ExpectedConditions.elementToBeClickable(By.id("passkey-add"))).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".passkey-label"), "laptop"));

		// a new browser session signs in with the passkey alone
		this.browser.manage().deleteAllCookies();
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = rp.authorizationParameters(pkce, "openid profile");
		request.put("acr_values", "urn:tsunagu:loa:substantial");
		open(rp, request);
		wait.until(ExpectedConditions.elementToBeClickable(By.id("passkey-signin"))).click();
		wait.until(ExpectedConditions.urlContains("/rp-callback"));
		Map<String, String> back = TestRelyingParty.query(this.browser.getCurrentUrl());
		var tokens = rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"), "redirect_uri", callback,
				"code_verifier", pkce.verifier()), rp.dpop("POST", rp.issuer + "/oauth2/token", null));
		Map<String, Object> id = TestRelyingParty.claims(TestRelyingParty.json(tokens).get("id_token").asString());
		assertThat(id).containsEntry("acr", "urn:tsunagu:loa:substantial");
		assertThat(id.get("amr").toString()).contains("hwk");

		// a service that needs high: the passkey session is not enough, the card is asked for
		Map<String, String> high = rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		high.put("acr_values", "urn:tsunagu:loa:high");
		open(rp, high);
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-pairing-code]")));
	}

	private void open(TestRelyingParty rp, Map<String, String> request) throws Exception {
		String requestUri = TestRelyingParty.json(rp.par(request)).get("request_uri").asString();
		this.browser.get(rp.issuer + "/oauth2/authorize?client_id=" + rp.clientId + "&request_uri="
				+ URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
	}

}
