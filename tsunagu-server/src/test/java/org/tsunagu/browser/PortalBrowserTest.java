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
 * found, sees the insurance and withdraws a clinic's consent, sees for whom she acts and drafts a mandate (refused
 * first), downloads everything; the operator signs in with a credential, is refused bad input in the Design
 * System's error pattern, enrols, handles a possible duplicate, finds the person, records a move, issues a card,
 * resets a PIN, revokes the card, records a guardian and ends it on a court's order, records a protection order,
 * registers a relying party and two agencies, and adds and ends a rule.
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

	/**
	 * Presses a form's button and waits for the answer's page. While the page is replaced, Chromium may answer the
	 * question "is the button still there?" with an inspector error rather than a stale element: asked again.
	 */
	private void press(String css) {
		WebElement button = this.browser.findElement(By.cssSelector(css));
		button.click();
		waiting().ignoring(org.openqa.selenium.WebDriverException.class).until(ExpectedConditions.stalenessOf(button));
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
		// the idle warning waits, hidden, for two minutes before the 15-minute session ends
		WebElement warning = this.browser.findElement(By.cssSelector("[data-tsunagu-timeout]"));
		assertThat(warning.getAttribute("data-tsunagu-idle-seconds")).isEqualTo("900");
		assertThat(warning.isDisplayed()).isFalse();
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
		assertThat(clinic.check(card.present(clinic.challenge(), "medicationHistory"), "{\"medicationHistory\":true}").statusCode()).isEqualTo(200);
		// a new insurer records the person before the old one has ended its coverage: both show, with a warning
		TestOrganisations.Org ume = TestOrganisations.register(this.api, "insurer", "Ume Mutual Aid Association",
				"31130001", "coverage:write");
		assertThat(ume.send("PUT", "/api/v1/coverage/members/U-1",
				TestOrganisations.coverage(number, LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).toString(), null, "0.2"))
			.statusCode()).isIn(200, 201);

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
			.contains("Ume Mutual Aid Association (31130001)").contains("20%").contains("Chiyoda Clinic");
		assertThat(this.browser.findElement(By.cssSelector("[data-flag=overlapping-coverage]")).getText())
			.contains("more than one health insurance coverage");
		pages.check("account-insurance");
		press("form[action$='/account/insurance/withdraw'] button");
		waiting().until(ExpectedConditions.urlContains("done="));
		assertThat(this.browser.getCurrentUrl()).endsWith("done=withdrawn");
		assertThat(this.browser.getPageSource()).contains("No clinic may see them.");

		// wallet credentials: nothing chosen is an error on the page; then an offer, its code apart from the QR code
		open("/account/credentials");
		pages.check("account-credentials");
		press("form[action$='/account/credentials/offer'] button");
		assertThat(this.browser.findElement(By.cssSelector(".govuk-error-summary")).getText()).contains("Choose at least one credential.");
		this.browser.findElement(By.id("credential-0")).click();
		this.browser.findElement(By.id("credential-1")).click();
		press("form[action$='/account/credentials/offer'] button");
		String txCode = this.browser.findElement(By.cssSelector(".tsunagu-txcode")).getText();
		assertThat(txCode).matches("\\d{6}");
		String offerLink = this.browser.findElement(By.cssSelector("a[href^='openid-credential-offer://']")).getAttribute("href");
		assertThat(offerLink).contains("tsunagu_pid").contains("tsunagu_age").doesNotContain(txCode);
		assertThat(this.browser.getCurrentUrl()).doesNotContain(txCode);
		assertThat(this.browser.findElement(By.cssSelector(".tsunagu-qr svg path")).getAttribute("d")).startsWith("M");
		pages.check("account-credentials-offer");

		// acting for someone else: her child's legal representation recorded at the counter; a mandate refused, then drafted
		String child = this.api.postJson("/api/v1/residents", TestResidents.hinataChild()).jsonBody().get("id").asString();
		assertThat(this.api.postJson("/api/v1/delegations", """
				{"kind":"legal-representative","representedId":"%s","proxyId":"%s","services":["*"],"claims":["profile"],
				 "evidence":{"type":"family-register","reference":"Chiyoda 2016-0123","verifiedBy":"chiyoda-desk-4"}}"""
			.formatted(child, enrolled.get("id").asString())).status()).isEqualTo(201);
		String proxyNumber = this.api.postJson("/api/v1/residents", TestResidents.lanFromVietnam()).jsonBody()
			.get("individualNumber").asString();
		TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"birthdate\"]", "high", "\"acceptsProxies\":true");
		this.browser.findElement(By.linkText("Acting for someone else")).click();
		assertThat(h1()).isEqualTo("Acting for someone else");
		assertThat(this.browser.getPageSource()).contains("髙橋 陽向").contains("Legal representative");
		pages.check("account-delegations");
		this.browser.findElement(By.linkText("Give a mandate")).click();
		assertThat(h1()).isEqualTo("Give a mandate");
		pages.check("account-mandate");
		fill("proxy-number", proxyNumber);
		fill("proxy-birth-day", "15");
		press("form[action$='/account/delegations/mandate'] button[type=submit]");
		assertThat(this.browser.findElements(By.cssSelector(".govuk-error-summary__list a"))).hasSizeGreaterThanOrEqualTo(3);
		for (WebElement link : this.browser.findElements(By.cssSelector(".govuk-error-summary__list a"))) {
			String target = link.getAttribute("href").replaceAll(".*#", "");
			assertThat(this.browser.findElements(By.id(target))).as(target).hasSize(1);
		}
		assertThat(this.browser.findElement(By.id("proxy-number")).getAttribute("value")).isEmpty();
		assertThat(this.browser.findElement(By.id("proxy-birth-day")).getAttribute("value")).isEqualTo("15");
		assertThat(this.browser.getPageSource()).doesNotContain(proxyNumber);
		pages.check("account-mandate-errors");
		LocalDate until = LocalDate.now().plusMonths(6);
		fill("proxy-number", proxyNumber);
		fill("proxy-birth-month", "6");
		fill("proxy-birth-year", "1998");
		this.browser.findElement(By.id("services")).click();
		this.browser.findElement(By.cssSelector("input[name=claims][value=profile]")).click();
		fill("until-day", String.valueOf(until.getDayOfMonth()));
		fill("until-month", String.valueOf(until.getMonthValue()));
		fill("until-year", String.valueOf(until.getYear()));
		press("form[action$='/account/delegations/mandate'] button[type=submit]");
		assertThat(h1()).isEqualTo("Mandate drafted");
		assertThat(this.browser.getCurrentUrl()).doesNotContain(proxyNumber);
		assertThat(this.browser.findElement(By.cssSelector("[data-sign-command]")).getText())
			.startsWith("./tsunagu wallet mandate-sign --card-dir DIR --mandate ");
		pages.check("account-mandate-sign");
		open("/account/delegations");
		assertThat(this.browser.getPageSource()).contains("Waiting for your card").contains("NGUYEN Thi Lan");
		pages.check("account-delegations-awaiting");
		open("/account/delegations/mandate?lang=ja");
		press("form[action$='/account/delegations/mandate'] button[type=submit]");
		assertThat(this.browser.findElement(By.cssSelector(".govuk-error-summary")).getText()).contains("問題があります");
		pages.check("account-mandate-errors-ja");
		open("/account/delegations?lang=en");

		HttpResponse<String> export = fetch("/account/export");
		assertThat(export.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
		JsonNode everything = JSON.readTree(export.body());
		assertThat(everything.path("record").path("name").path("family").asString()).isEqualTo("髙橋");
		assertThat(everything.path("cards")).hasSize(1);
		assertThat(everything.path("insurance").path("current").findValuesAsString("number")).contains("06130001", "31130001");
		assertThat(everything.path("insurance").path("flags").toString()).contains("overlapping-coverage");
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


	/** Types into a field as a person would paste it (scripts, rare characters, long text alike). */
	private void fill(String id, String value) {
		this.browser.executeScript("arguments[0].value = arguments[1]", this.browser.findElement(By.id(id)), value);
	}

	private void choose(String name, String value) {
		this.browser.findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']")).click();
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	private void enrolForm(String family, String given, String familyReading, String givenReading, String latin,
			String postalCode) {
		fill("name-family", family);
		fill("name-given", given);
		fill("name-familyReading", familyReading);
		fill("name-givenReading", givenReading);
		fill("name-latin", latin);
		fill("birthDate", "1979-11-03");
		choose("sex", "male");
		fill("address-postalCode", postalCode);
		fill("address-region", "東京都");
		fill("address-locality", "千代田区");
		fill("address-streetAddress", "霞が関1-2-3");
		new Select(this.browser.findElement(By.id("evidence-type"))).selectByValue("passport");
		new Select(this.browser.findElement(By.id("evidence-method"))).selectByValue("in-person");
		fill("evidence-verifiedBy", "chiyoda-desk-3");
	}

	@Test
	void consoleJourneys() throws Exception {
		this.browser = Browsers.chromium("en");
		PageChecks pages = new PageChecks(this.browser);
		long logged = this.jdbc.sql("SELECT COUNT(*) FROM log_entry").query(Long.class).single();

		open("/console");
		assertThat(h1()).isEqualTo("Sign in to the operator console");
		pages.check("console-signin");
		press("form[action$='/console/signin'] button");
		assertThat(this.browser.findElement(By.cssSelector(".govuk-error-summary a[href='#credential']")).getText())
			.isEqualTo("Enter your operator credential");
		assertThat(this.browser.findElement(By.id("credential-error")).getText()).contains("Enter your operator credential");
		pages.check("console-signin-error");
		fill("credential", this.api.operatorToken());
		press("form[action$='/console/signin'] button");
		assertThat(h1()).isEqualTo("Operator tasks");
		assertThat(this.browser.getPageSource()).doesNotContain(this.api.operatorToken());
		pages.check("console-tasks");

		// bad and hostile input: the error summary, each message by its field, the input kept and escaped, nothing written
		long residents = count("resident");
		open("/console/enrol");
		pages.check("console-enrol");
		String hostile = "<script>alert('x')</script>";
		enrolForm(hostile, "太郎".repeat(300), "やまだ", "タロウ", "YAMADA 3", "1000001");
		press("form[action$='/console/enrol'] button[type=submit]");
		assertThat(this.browser.findElements(By.cssSelector(".govuk-error-summary__list a"))).hasSizeGreaterThanOrEqualTo(3);
		for (WebElement link : this.browser.findElements(By.cssSelector(".govuk-error-summary__list a"))) {
			String target = link.getAttribute("href").replaceAll(".*#", "");
			assertThat(this.browser.findElements(By.id(target))).as(target).hasSize(1);
			assertThat(this.browser.findElements(By.id(target + "-error"))).as(target).hasSize(1);
		}
		assertThat(this.browser.findElement(By.id("name-family")).getAttribute("value")).isEqualTo(hostile);
		assertThat(this.browser.getPageSource()).doesNotContain("<script>alert");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.browser.switchTo().alert())
			.isInstanceOf(org.openqa.selenium.NoAlertPresentException.class);
		assertThat(count("resident")).isEqualTo(residents);
		pages.check("console-enrol-errors");

		// enrolment, then the same person again: the possible duplicate is shown, and confirmed as a different person
		open("/console/enrol");
		enrolForm("𠮷田", "髙之", "ヨシダ", "タカユキ", "YOSHIDA Takayuki", "100-0013");
		press("form[action$='/console/enrol'] button[type=submit]");
		String number = this.browser.findElement(By.cssSelector("[data-individual-number]")).getText();
		assertThat(number).matches("[0-9]{12}");
		pages.check("console-enrolled");
		open("/console/enrol");
		enrolForm("𠮷田", "髙之", "ヨシダ", "タカユキ", "YOSHIDA Takayuki", "100-0013");
		press("form[action$='/console/enrol'] button[type=submit]");
		assertThat(this.browser.findElement(By.cssSelector(".govuk-error-summary")).getText()).contains("same name");
		assertThat(count("resident")).isEqualTo(residents + 1);
		pages.check("console-duplicate");
		this.browser.findElement(By.id("confirmDifferentPerson")).click();
		press("form[action$='/console/enrol'] button[type=submit]");
		assertThat(this.browser.findElement(By.cssSelector("[data-individual-number]")).getText()).isNotEqualTo(number);
		assertThat(count("resident")).isEqualTo(residents + 2);

		// find the first by number: the number goes in the form, never in the address
		open("/console/find");
		fill("individualNumber", number);
		press("form[action$='/console/find'] button[type=submit]");
		assertThat(this.browser.getCurrentUrl()).contains("/console/residents/").doesNotContain(number);
		assertThat(h1()).isEqualTo("𠮷田 髙之");
		String resident = this.browser.getCurrentUrl().replaceAll(".*/console/residents/", "").replaceAll("[?].*", "");
		pages.check("console-resident");

		// a move
		this.browser.findElement(By.linkText("Record a life event")).click();
		pages.check("console-event");
		choose("type", "address-changed");
		fill("effectiveDate", LocalDate.now().minusDays(1).toString());
		fill("address-country", "JP");
		fill("address-postalCode", "060-0001");
		fill("address-region", "北海道");
		fill("address-locality", "札幌市中央区");
		fill("address-streetAddress", "北一条西2丁目");
		press("form[action$='/event'] button[type=submit]");
		assertThat(this.browser.getCurrentUrl()).endsWith("done=event");
		assertThat(this.browser.getPageSource()).contains("札幌市中央区").contains("Address changed");

		// a card at the counter: the card makes its keys and requests, the console issues, the card writer installs
		Path cardDir = this.dir.resolve("counter-card");
		TestCards.wallet("1234\nSign2026\n", "init", "--card-dir", cardDir.toString());
		String csrs = TestCards.wallet("1234\nSign2026\n", "csr", "--card-dir", cardDir.toString());
		String[] requests = csrs.split("# signing key's request\n");
		this.browser.findElement(By.linkText("Issue a card")).click();
		pages.check("console-card");
		fill("authenticationCsr", requests[0].replace("# authentication key's request\n", ""));
		fill("signingCsr", requests[1]);
		press("form[action$='/card'] button[type=submit]");
		assertThat(this.browser.getCurrentUrl()).endsWith("done=card");
		String cardLink = this.browser.findElement(By.cssSelector("a[href$='/download']")).getAttribute("href");
		Path issued = this.dir.resolve("card.json");
		java.nio.file.Files.writeString(issued, fetch(cardLink.replace(base(), "")).body());
		assertThat(TestCards.wallet("", "install", "--card-dir", cardDir.toString(), issued.toString())).contains("Certificates stored");

		// a locked PIN reset, then the card revoked
		press("form[action$='/pin-reset'] button");
		assertThat(this.browser.findElement(By.cssSelector(".govuk-panel__body .tsunagu-code")).getText()).matches("[A-Z0-9]{10}");
		pages.check("console-pin-reset");
		open("/console/residents/" + resident);
		new Select(this.browser.findElement(By.cssSelector("select[name=reason]"))).selectByValue("keyCompromise");
		press("form[action$='/revoke'] button");
		assertThat(this.browser.getCurrentUrl()).endsWith("done=revoke");
		assertThat(this.browser.getPageSource()).contains("Revoked");

		// a guardian at the counter: refused without the proxy, then recorded, listed, and ended on a court's order
		String guardian = this.api.postJson("/api/v1/residents", TestResidents.taroRemote()).jsonBody().get("id").asString();
		long delegations = count("delegation");
		open("/console/residents/" + resident);
		this.browser.findElement(By.linkText("Record legal representation")).click();
		pages.check("console-representation");
		choose("kind", "guardian");
		this.browser.findElement(By.cssSelector("input[name=claims][value=profile]")).click();
		fill("validUntil", LocalDate.now().plusYears(2).toString());
		new Select(this.browser.findElement(By.id("evidence-type"))).selectByValue("court-order");
		fill("evidence-reference", "Tokyo Family Court 2026-ka-123");
		fill("evidence-verifiedBy", "chiyoda-desk-3");
		press("form[action$='/representation'] button[type=submit]");
		assertThat(this.browser.findElement(By.cssSelector(".govuk-error-summary a[href='#proxyId']")).isDisplayed()).isTrue();
		assertThat(this.browser.findElement(By.id("evidence-reference")).getAttribute("value")).isEqualTo("Tokyo Family Court 2026-ka-123");
		assertThat(count("delegation")).isEqualTo(delegations);
		pages.check("console-representation-errors");
		fill("proxyId", guardian);
		press("form[action$='/representation'] button[type=submit]");
		assertThat(this.browser.getCurrentUrl()).endsWith("done=representation");
		assertThat(this.browser.getPageSource()).contains("Guardian").contains("Tokyo Family Court 2026-ka-123");
		pages.check("console-resident-delegations");
		press("form[action$='/end'] button");
		assertThat(this.browser.getCurrentUrl()).endsWith("done=delegation-ended");
		assertThat(this.browser.findElements(By.cssSelector("[data-delegation-status=ended]"))).hasSize(1);
		this.browser.findElement(By.linkText("Record a protection order")).click();
		fill("respondentId", resident);
		press("form[action$='/protection-order'] button[type=submit]");
		assertThat(this.browser.findElement(By.id("respondentId-error")).getText()).contains("respondent");
		pages.check("console-protection-order-errors");
		fill("respondentId", guardian);
		press("form[action$='/protection-order'] button[type=submit]");
		assertThat(this.browser.getCurrentUrl()).endsWith("done=protection-order");

		// a relying party: bad keys first, then good ones
		open("/console/relying-party");
		pages.check("console-relying-party");
		fill("name-en", "Ume Bank");
		fill("name-ja", "うめ銀行");
		choose("kind", "private");
		fill("sectorIdentifier", "https://ume-bank.example");
		fill("redirectUris", "https://ume-bank.example/callback");
		fill("jwks", "{not json");
		this.browser.findElement(By.cssSelector("input[name=scopes][value=openid]")).click();
		this.browser.findElement(By.cssSelector("input[name=scopes][value=profile]")).click();
		choose("maxAssurance", "substantial");
		fill("policyUrl", "https://ume-bank.example/privacy");
		long parties = count("relying_party");
		press("form[action$='/console/relying-party'] button[type=submit]");
		assertThat(this.browser.findElement(By.id("jwks-error")).getText()).contains("This is not JSON");
		assertThat(this.browser.findElement(By.id("name-ja")).getAttribute("value")).isEqualTo("うめ銀行");
		assertThat(count("relying_party")).isEqualTo(parties);
		pages.check("console-relying-party-errors");
		fill("jwks", "{\"keys\":[" + new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("ume")
			.generate().toPublicJWK().toJSONString() + "]}");
		press("form[action$='/console/relying-party'] button[type=submit]");
		assertThat(h1()).isEqualTo("Relying party registered");
		assertThat(count("relying_party")).isEqualTo(parties + 1);

		// two agencies and a rule between them, then the rule ended
		String[] agencies = { "Minato Tax Office", "Minato City" };
		for (String agency : agencies) {
			open("/console/organisation");
			choose("kind", "agency");
			fill("name-en", agency);
			fill("name-ja", agency.equals("Minato City") ? "港区" : "芝税務署");
			fill("identifier", agency.equals("Minato City") ? "minato-city" : "shiba-tax");
			fill("jwks", "{\"keys\":[" + new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
				.keyID(agency.replace(' ', '-')).generate().toPublicJWK().toJSONString() + "]}");
			fill("endpoint", "https://" + agency.toLowerCase().replace(' ', '-') + ".example/exchange");
			press("form[action$='/console/organisation'] button[type=submit]");
			assertThat(h1()).isEqualTo("Organisation registered");
		}
		pages.check("console-organisation-done");
		open("/console/rule");
		pages.check("console-rule");
		new Select(this.browser.findElement(By.id("requester"))).selectByVisibleText("Minato City");
		new Select(this.browser.findElement(By.id("provider"))).selectByVisibleText("Minato Tax Office");
		fill("item", "income-certificate");
		fill("purpose", "child-allowance");
		fill("provision", "Child Allowance Act, art. 28");
		fill("validFrom", LocalDate.now().minusDays(1).toString());
		press("form[action$='/console/rule'] button[type=submit]");
		assertThat(this.browser.getCurrentUrl()).endsWith("done=added");
		assertThat(this.browser.getPageSource()).contains("Minato City").contains("Child Allowance Act, art. 28");
		pages.check("console-rules");
		press("form[action$='/end'] button");
		assertThat(this.browser.getCurrentUrl()).endsWith("done=ended");

		// the console in Japanese
		open("/console/enrol?lang=ja");
		assertThat(h1()).isEqualTo("住民を登録する");
		pages.check("console-enrol-ja");
		open("/console?lang=en");

		// every change above is in the transparency log under the credential's name
		long operatorEntries = this.jdbc.sql("SELECT leaf FROM log_entry").query(byte[].class).list().stream()
			.map((leaf) -> new String(leaf, StandardCharsets.UTF_8))
			.filter((leaf) -> leaf.contains("operator action"))
			.count();
		assertThat(operatorEntries).isGreaterThanOrEqualTo(11);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM log_entry").query(Long.class).single()).isGreaterThan(logged + 11);

		press("form[action$='/console/signout'] button");
		open("/console/enrol");
		assertThat(h1()).isEqualTo("Sign in to the operator console");
	}

}
