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
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in in a real browser: the page shows the code, the wallet approves it, the page's script notices and moves
 * on by itself, the consent page lists the claims, and the browser lands at the service with a code.
 */
@TsunaguTest
class BrowserSignInTest {

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
	void cardSignInWhenWalletApprovesThenThePageContinuesByItself() throws Exception {
		this.browser = Browsers.chromium("ja");
		String callback = this.api.uri("/rp-callback").toString().replace("localhost", "127.0.0.1");
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"age_over_18\"]", "high", null, callback);
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		Map<String, String> request = rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile age_over_18");
		String requestUri = TestRelyingParty.json(rp.par(request)).get("request_uri").asString();

		this.browser.get(rp.issuer + "/oauth2/authorize?client_id=" + rp.clientId + "&request_uri="
				+ URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		String code = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-pairing-code]")))
			.getAttribute("data-pairing-code");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("カードでログイン");
		assertThat(this.browser.findElement(By.cssSelector(".tsunagu-qr svg"))).isNotNull();

		assertThat(card.approve(rp.issuer, code)).contains("Approved");
		wait.until(ExpectedConditions.urlContains("/signin/consent"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).contains("さくら銀行");
		assertThat(this.browser.findElements(By.cssSelector("input[type=checkbox][name=scope]"))).hasSize(2);
		this.browser.findElement(By.cssSelector("button.govuk-button:not(.govuk-button--secondary)")).click();
		wait.until(ExpectedConditions.urlContains("/rp-callback"));
		Map<String, String> back = TestRelyingParty.query(this.browser.getCurrentUrl());
		assertThat(back).containsKey("code").containsEntry("state", request.get("state")).containsEntry("iss", rp.issuer);
	}

	@Test
	void proxySignInWhenAParentChoosesTheirChildThenEveryPageIsAccessibleAndTheServiceGetsTheChild() throws Exception {
		this.browser = Browsers.chromium("en");
		PageChecks pages = new PageChecks(this.browser);
		String callback = this.api.uri("/rp-callback").toString().replace("localhost", "127.0.0.1");
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", "\"acceptsProxies\":true",
				callback);
		TestCards parent = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		String child = this.api.postJson("/api/v1/residents", TestResidents.hinataChild()).jsonBody().get("id").asString();
		assertThat(this.api.postJson("/api/v1/delegations", """
				{"kind":"legal-representative","representedId":"%s","proxyId":"%s","services":["*"],"claims":["profile"],
				 "evidence":{"type":"family-register","reference":"Chiyoda 2016-0123","verifiedBy":"chiyoda-desk-4"}}"""
			.formatted(child, parent.residentId())).status()).isEqualTo(201);
		Map<String, String> request = rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		String requestUri = TestRelyingParty.json(rp.par(request)).get("request_uri").asString();

		this.browser.get(rp.issuer + "/oauth2/authorize?client_id=" + rp.clientId + "&request_uri="
				+ URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		String code = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-pairing-code]")))
			.getAttribute("data-pairing-code");
		assertThat(parent.approve(rp.issuer, code)).contains("Approved");
		wait.until(ExpectedConditions.urlContains("/signin/for"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).contains("Whom are you signing in to Sakura Bank for?");
		pages.check("signin-for");
		this.browser.findElement(By.cssSelector("input[name=for]:not([value=self])")).click();
		this.browser.findElement(By.cssSelector("form button.govuk-button")).click();
		wait.until(ExpectedConditions.urlContains("/signin/consent"));
		assertThat(this.browser.findElement(By.cssSelector(".govuk-inset-text")).getText())
			.contains("You are acting for 髙橋 陽向 as legal representative");
		pages.check("signin-consent-acting");
		this.browser.findElement(By.cssSelector("button.govuk-button:not(.govuk-button--secondary)")).click();
		wait.until(ExpectedConditions.urlContains("/rp-callback"));
		assertThat(TestRelyingParty.query(this.browser.getCurrentUrl())).containsKey("code").containsEntry("state", request.get("state"));
	}

}
