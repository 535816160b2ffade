package org.tsunagu.browser;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resident's account and the operator console in a real browser (Debian's headless Chromium), every page
 * checked by axe-core for WCAG 2.2 A and AA: the resident signs in with the card through the wallet, reads the
 * record, the access history (each entry verified), withdraws a service's consent, reports the card lost and
 * found, sees the insurance and withdraws a clinic's consent, downloads everything; the operator signs in with a
 * credential, is refused bad input in the Design System's error pattern, enrols, handles a possible duplicate,
 * finds the person, records a move, issues a card, resets a PIN, revokes the card, registers a relying party and
 * two agencies, and adds and ends a rule.
 */
@TsunaguTest
class PortalBrowserTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	ChromeDriver browser;

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	private String base() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	private WebDriverWait waiting() {
		return new WebDriverWait(this.browser, Duration.ofSeconds(20));
	}

	private String h1() {
		return this.browser.findElement(By.tagName("h1")).getText();
	}

	/** Presses a form's button and waits for the answer's page. */
	private void press(String css) {
		WebElement button = this.browser.findElement(By.cssSelector(css));
		button.click();
		waiting().until(ExpectedConditions.stalenessOf(button));
	}

	private void open(String path) {
		this.browser.get(base() + path);
	}

	/** What the browser's session cookie fetches, for the downloads (a headless browser keeps files out of reach). */
	private HttpResponse<String> fetch(String path) throws Exception {
		String cookie = this.browser.manage().getCookieNamed("JSESSIONID").getValue();
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + path))
			.header("Cookie", "JSESSIONID=" + cookie)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void residentJourneys() throws Exception {
		this.browser = Browsers.chromium("en");
		PageChecks pages = new PageChecks(this.browser);
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		String number = enrolled.get("individualNumber").asString();
		TestCards card = TestCards.forResident(this.api, enrolled.get("id").asString(), this.dir);
		// a service the resident signed in to, and a clinic that checked the card and may see the medication history
		TestRelyingParty bank = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null,
				base().replace("localhost", "127.0.0.1") + "/bank-callback");
		TestOrganisations.Org insurer = TestOrganisations.register(this.api, "insurer", "Sakura Health Insurance Society",
				"06130001", "coverage:write");
		TestOrganisations.Org clinic = TestOrganisations.register(this.api, "clinic", "Chiyoda Clinic", "1310000002",
				"eligibility:check");

		open("/");
		assertThat(h1()).isEqualTo("Your digital identity");
		pages.check("account-start");
		this.browser.findElement(By.cssSelector("a.govuk-button--start")).click();
		String code = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-pairing-code]")))
			.getAttribute("data-pairing-code");
		pages.check("signin-card");
		assertThat(card.approve(base(), code)).contains("Approved");
		waiting().until(ExpectedConditions.urlToBe(base() + "/"));
		assertThat(h1()).isEqualTo("髙橋 " + TestResidents.KATSUKO);
		assertThat(this.browser.getPageSource()).doesNotContain("\u25CF");
		pages.check("account-home");

		this.browser.findElement(By.linkText("My record")).click();
		assertThat(h1()).isEqualTo("My record");
		assertThat(this.browser.findElement(By.cssSelector(".tsunagu-reading")).getText()).isEqualTo("タカハシ カツコ");
		assertThat(this.browser.getPageSource()).contains("TAKAHASHI Katsuko").contains("Enrolled");
		pages.check("account-record");

		// the bank: signs the resident in (the provider's session is the account's), with consent
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = bank.authorizationParameters(pkce, "openid profile");
		String requestUri = TestRelyingParty.json(bank.par(request)).get("request_uri").asString();
		this.browser.get(base() + "/oauth2/authorize?client_id=" + bank.clientId + "&request_uri="
				+ URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
		waiting().until(ExpectedConditions.urlContains("/signin/consent"));
		this.browser.findElement(By.cssSelector("button.govuk-button:not(.govuk-button--secondary)")).click();
		waiting().until(ExpectedConditions.urlContains("/bank-callback"));
		String bankCode = TestRelyingParty.query(this.browser.getCurrentUrl()).get("code");
		assertThat(bank.token(Map.of("grant_type", "authorization_code", "code", bankCode, "redirect_uri", bank.redirectUri,
				"code_verifier", pkce.verifier()), bank.dpop("POST", bank.issuer + "/oauth2/token", null)).statusCode())
			.isEqualTo(200);

		// insurance: the insurer records the coverage, the clinic checks the card with consent to the medication history
		assertThat(insurer.send("PUT", "/api/v1/coverage/members/K-1",
				TestOrganisations.coverage(number, LocalDate.now().minusYears(1).toString(), null, "0.3")).statusCode())
			.isIn(200, 201);
		assertThat(clinic.check(card.present(clinic.challenge()), "{\"medicationHistory\":true}").statusCode()).isEqualTo(200);

		open("/account/access");
		assertThat(h1()).isEqualTo("Who used my data");
		// the log signs a checkpoint four times a second: the page shows what the latest one holds
		try {
			waiting().until((page) -> {
				page.navigate().refresh();
				return page.getPageSource().contains("Chiyoda Clinic") && page.getPageSource().contains("Sakura Bank");
			});
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError(this.browser.findElement(By.tagName("main")).getText(), ex);
		}
		assertThat(this.browser.findElements(By.cssSelector("[data-verified=true]"))).hasSizeGreaterThan(3);
		assertThat(this.browser.findElements(By.cssSelector("[data-verified=false]"))).isEmpty();
		assertThat(this.browser.getPageSource()).contains("Chiyoda Clinic").contains("Sakura Bank");
		pages.check("account-access");
		new Select(this.browser.findElement(By.id("organisation"))).selectByVisibleText("Chiyoda Clinic");
		press("form[action$='/account/access'] button");
		assertThat(this.browser.findElements(By.cssSelector("tr[data-log-index]"))).hasSize(1);
		String index = this.browser.findElement(By.cssSelector("tr[data-log-index]")).getAttribute("data-log-index");
		HttpResponse<String> proof = fetch("/account/access/" + index + "/proof");
		assertThat(proof.statusCode()).isEqualTo(200);
		Path proofFile = this.dir.resolve("proof.json");
		java.nio.file.Files.writeString(proofFile, proof.body());
		// anyone checks the downloaded proof with the wallet, trusting only the log's key
		assertThat(TestCards.wallet("", "check-proof", proofFile.toString(), "--server", base())).contains("Proof holds")
			.contains("Chiyoda Clinic");

		open("/account/services");
		assertThat(this.browser.getPageSource()).contains("Sakura Bank").contains("Your name, in your own script");
		pages.check("account-services");
		press("form[action$='/account/services/withdraw'] button");
		assertThat(this.browser.findElement(By.cssSelector(".govuk-notification-banner--success")).getText())
			.contains("Consent withdrawn");
		assertThat(this.browser.findElements(By.cssSelector("form[action$='/account/services/withdraw']"))).isEmpty();

		open("/account/card");
		assertThat(this.browser.findElement(By.cssSelector("[data-card-status]")).getAttribute("data-card-status")).isEqualTo("active");
		pages.check("account-card");
		press("form[action$='/account/card/suspend'] button");
		assertThat(this.browser.findElement(By.cssSelector("[data-card-status]")).getAttribute("data-card-status")).isEqualTo("suspended");
		assertThat(card.approve(base(), "ABCD-EFGH")).doesNotContain("Approved");
		press("form[action$='/account/card/reactivate'] button");
		assertThat(this.browser.findElement(By.cssSelector("[data-card-status]")).getAttribute("data-card-status")).isEqualTo("active");

		open("/account/insurance");
		assertThat(this.browser.getPageSource()).contains("Sakura Health Insurance Society (06130001)").contains("30%")
			.contains("Chiyoda Clinic");
		pages.check("account-insurance");
		press("form[action$='/account/insurance/withdraw'] button");
		waiting().until(ExpectedConditions.urlContains("done="));
		assertThat(this.browser.getCurrentUrl()).endsWith("done=withdrawn");
		assertThat(this.browser.getPageSource()).contains("No clinic may see them.");

		HttpResponse<String> export = fetch("/account/export");
		assertThat(export.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
		JsonNode everything = JSON.readTree(export.body());
		assertThat(everything.path("record").path("name").path("family").asString()).isEqualTo("髙橋");
		assertThat(everything.path("cards")).hasSize(1);
		assertThat(everything.path("insurance").path("current").path("copayRatio").asDouble()).isEqualTo(0.3);
		assertThat(everything.path("accessHistory")).isNotEmpty();

		// in Japanese, then signed out everywhere
		open("/account/record?lang=ja");
		assertThat(h1()).isEqualTo("わたしの記録");
		pages.check("account-record-ja");
		press("form[action$='/account/signout'] button");
		waiting().until(ExpectedConditions.urlToBe(base() + "/"));
		assertThat(h1()).isEqualTo("あなたのデジタルID");
		open("/account/record");
		assertThat(this.browser.getCurrentUrl()).contains("/signin");
	}


}
