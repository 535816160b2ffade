package org.tsunagu.portal;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestBrowser;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.operator.OperatorRole;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages for acting for someone else, without a browser: the console's resident page lists both directions and
 * ends a delegation on a court's order; its forms for legal representation and protection orders refuse bad input
 * in the error summary, each message by its field, storing nothing; the account lists who may act for the resident
 * and for whom they may act, drafts a mandate (the proxy's individual number never shown again), shows the wallet's
 * command that signs it, and ends it; both in English and Japanese.
 */
@TsunaguTest
class DelegationPagesTest {

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	@Test
	void residentPageWhenDelegationRecordedThenListsItBothWaysAndEndsItOnACourtOrder() throws Exception {
		String parent = enrol(TestResidents.katsuko());
		String child = enrol(TestResidents.hinataChild());
		String delegation = represent(child, parent);
		TestBrowser operator = TestPortal.console(this.api, OperatorRole.REGISTRY_READ, OperatorRole.REGISTRY_WRITE);

		String childPage = operator.get("/console/residents/" + child).body();
		assertThat(childPage).contains("Who may act for this person", "data-delegation=\"" + delegation + "\"",
				"Legal representative", "Chiyoda 2016-0123", "In effect", "End (court order)", "Record legal representation",
				"Record a protection order", "/console/residents/" + parent).doesNotContain("??");
		assertThat(operator.get("/console/residents/" + parent).body()).contains("For whom this person may act",
				"data-delegation=\"" + delegation + "\"", "髙橋 陽向");
		TestBrowser reader = TestPortal.console(this.api, OperatorRole.REGISTRY_READ);
		String readerPage = reader.get("/console/residents/" + child).body();
		assertThat(readerPage).contains("data-delegation=\"" + delegation + "\"").doesNotContain("End (court order)");
		assertThat(reader.post("/console/residents/" + child + "/delegations/" + delegation + "/end",
				Map.of("_csrf", TestBrowser.hidden(readerPage, "_csrf"))).statusCode()).isEqualTo(403);

		// a delegation between two other people cannot be ended from this resident's page
		String other = represent(enrol(TestResidents.childBorn("2013-02-03")), enrol(TestResidents.taroRemote()));
		String csrf = TestBrowser.hidden(childPage, "_csrf");
		assertThat(operator.post("/console/residents/" + child + "/delegations/" + other + "/end", Map.of("_csrf", csrf))
			.statusCode()).isEqualTo(404);
		assertThat(statusOf(other)).isEqualTo("active");

		HttpResponse<String> ended = operator.post("/console/residents/" + child + "/delegations/" + delegation + "/end",
				Map.of("_csrf", csrf));
		assertThat(TestBrowser.location(ended)).endsWith("/console/residents/" + child + "?done=delegation-ended");
		String after = operator.follow(ended).body();
		assertThat(after).contains("The delegation was ended on the court", "data-delegation-status=\"ended\"")
			.doesNotContain("End (court order)");
		JsonNode listed = this.api.get("/api/v1/residents/" + child + "/delegations").jsonBody();
		assertThat(listed.at("/forMe/0/endReason").asString()).isEqualTo("court-order");
	}

	@Test
	void representationFormWhenInputIsBadThenErrorsByTheirFieldsAndNothingIsStored() throws Exception {
		String child = enrol(TestResidents.hinataChild());
		String parent = enrol(TestResidents.katsuko());
		TestBrowser operator = TestPortal.console(this.api, OperatorRole.REGISTRY_READ, OperatorRole.REGISTRY_WRITE);
		String form = operator.get("/console/residents/" + child + "/representation").body();
		assertThat(form).contains("Record legal representation", "The proxy&#39;s resident id", ">*</textarea>")
			.doesNotContain("name=\"representedId\"").doesNotContain("??");
		String csrf = TestBrowser.hidden(form, "_csrf");
		long stored = count("delegation");

		HttpResponse<String> notAnId = operator.post("/console/residents/" + child + "/representation",
				Map.of("_csrf", csrf, "kind", "legal-representative", "proxyId", "someone", "services", "*"));
		assertThat(notAnId.statusCode()).isEqualTo(400);
		assertThat(notAnId.body()).contains("govuk-error-summary", "href=\"#proxyId\"", "id=\"proxyId-error\"",
				"value=\"someone\"");

		// the child named as their own proxy, an end date for a child, no claims, half the evidence
		HttpResponse<String> refused = operator.postEncoded("/console/residents/" + child + "/representation",
				"_csrf=" + csrf + "&kind=legal-representative&proxyId=" + child + "&services=*&validUntil=2030-01-01"
						+ "&evidence.reference=" + URLEncoder.encode("Chiyoda 2016-0123", StandardCharsets.UTF_8));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("There is a problem", "href=\"#proxyId\"", "href=\"#claims\"", "href=\"#validUntil\"",
				"href=\"#evidence-type\"", "href=\"#evidence-verifiedBy\"", "id=\"proxyId-error\"", "id=\"claims-error\"",
				"A proxy is an adult", "value=\"Chiyoda 2016-0123\"", "value=\"2030-01-01\"");
		assertThat(count("delegation")).isEqualTo(stored);

		HttpResponse<String> recorded = operator.postEncoded("/console/residents/" + child + "/representation",
				"_csrf=" + csrf + "&kind=legal-representative&proxyId=" + parent + "&services=*&claims=profile&claims=birthdate"
						+ "&evidence.type=family-register&evidence.reference=Chiyoda+2016-0123&evidence.verifiedBy=chiyoda-desk-4");
		assertThat(TestBrowser.location(recorded)).endsWith("/console/residents/" + child + "?done=representation");
		assertThat(count("delegation")).isEqualTo(stored + 1);
		assertThat(operator.follow(recorded).body()).contains("The legal representation was recorded.", "Legal representative",
				"Every service that accepts proxies", "Date of birth");
	}

	@Test
	void protectionOrderFormWhenInputIsBadThenErrorsByTheirFieldsAndNothingIsStored() throws Exception {
		String person = enrol(TestResidents.katsuko());
		String respondent = enrol(TestResidents.taroRemote());
		TestBrowser operator = TestPortal.console(this.api, OperatorRole.REGISTRY_READ, OperatorRole.REGISTRY_WRITE);
		String form = operator.get("/console/residents/" + person + "/protection-order").body();
		assertThat(form).contains("Record a protection order", "Respondent&#39;s resident id (optional)").doesNotContain("??");
		String csrf = TestBrowser.hidden(form, "_csrf");
		long stored = count("protection_order");

		HttpResponse<String> self = operator.post("/console/residents/" + person + "/protection-order",
				Map.of("_csrf", csrf, "respondentId", person, "validUntil", "2020-01-01"));
		assertThat(self.statusCode()).isEqualTo(400);
		assertThat(self.body()).contains("govuk-error-summary", "href=\"#respondentId\"", "href=\"#validUntil\"",
				"id=\"respondentId-error\"", "id=\"validUntil-error\"", "value=\"2020-01-01\"");
		HttpResponse<String> notAnId = operator.post("/console/residents/" + person + "/protection-order",
				Map.of("_csrf", csrf, "respondentId", "not-a-person"));
		assertThat(notAnId.statusCode()).isEqualTo(400);
		assertThat(notAnId.body()).contains("href=\"#respondentId\"");
		assertThat(count("protection_order")).isEqualTo(stored);

		HttpResponse<String> recorded = operator.post("/console/residents/" + person + "/protection-order",
				Map.of("_csrf", csrf, "respondentId", respondent, "validUntil", today().plusYears(1).toString()));
		assertThat(TestBrowser.location(recorded)).endsWith("?done=protection-order");
		assertThat(count("protection_order")).isEqualTo(stored + 1);
		assertThat(operator.follow(recorded).body()).contains("The protection order was recorded.");
	}

	@Test
	void consolePagesWhenAskedInJapaneseThenSpeakJapanese() throws Exception {
		String child = enrol(TestResidents.hinataChild());
		represent(child, enrol(TestResidents.katsuko()));
		TestBrowser operator = TestPortal.console(this.api, OperatorRole.REGISTRY_READ, OperatorRole.REGISTRY_WRITE);
		assertThat(operator.get("/console/residents/" + child + "?lang=ja").body()).contains("この方の代理人", "法定代理人", "有効",
				"終了する（裁判所の命令）", "法定代理などを記録する", "保護命令を記録する").doesNotContain("??");
		String form = operator.get("/console/residents/" + child + "/representation").body();
		assertThat(form).contains("代理人の住民ID", "未成年者の法定代理人（親権者。戸籍による）", "登記事項証明書").doesNotContain("??");
		HttpResponse<String> refused = operator.post("/console/residents/" + child + "/protection-order",
				Map.of("_csrf", TestBrowser.hidden(form, "_csrf"), "respondentId", child));
		assertThat(refused.body()).contains("問題があります", "相手方の住民ID（任意）の入力内容を確認してください。");
	}

	@Test
	void accountWhenSignedInThenListsForWhomTheResidentActsAndALegalRepresentationEndsOnlyByLaw() throws Exception {
		TestCards parent = TestCards.issue(this.api, TestResidents.katsuko(), this.dir.resolve("parent"));
		String child = enrol(TestResidents.hinataChild());
		String delegation = represent(child, parent.residentId());
		// the child's other parent
		represent(child, enrol(TestResidents.lanFromVietnam()));
		HttpResponse<String> signedOut = TestPortal.browser(this.api).get("/account/delegations");
		assertThat(TestBrowser.location(signedOut)).endsWith("/account/signin?return=%2Faccount%2Fdelegations");
		TestPortal.SignedIn account = TestPortal.account(this.api, parent, "/account/delegations");
		String page = account.page().body();
		assertThat(page).contains("Acting for someone else", "For whom I may act", "髙橋 陽向", "Legal representative",
				"Nobody may act for you.", "ends by law", "href=\"/account/delegations/mandate\"", "aria-current=\"page\"",
				"Who else represents them", "NGUYEN Thi Lan")
			.doesNotContain("/account/delegations/" + delegation + "/end").doesNotContain("??");

		HttpResponse<String> refused = account.browser().post("/account/delegations/" + delegation + "/end",
				Map.of("_csrf", TestBrowser.hidden(page, "_csrf")));
		assertThat(TestBrowser.location(refused)).endsWith("/account/delegations?refused=law");
		assertThat(account.browser().follow(refused).body()).contains("cannot be ended here");
		assertThat(statusOf(delegation)).isEqualTo("active");

		assertThat(account.browser().get("/account/record").body()).contains("href=\"/account/delegations\"");
		assertThat(account.browser().get("/account/delegations?lang=ja").body()).contains("わたしが代理をする相手", "法定代理人",
				"あなたの代理人はいません。", "代理を委任する").doesNotContain("??");
	}

	@Test
	void mandateFormWhenRefusedThenEachErrorByItsFieldAndTheNumberIsNeverShownAgain() throws Exception {
		TestCards me = TestCards.issue(this.api, TestResidents.katsuko(), this.dir.resolve("me"));
		String number = this.api.postJson("/api/v1/residents", TestResidents.lanFromVietnam()).jsonBody()
			.get("individualNumber").asString();
		TestRelyingParty service = proxyService();
		TestPortal.SignedIn account = TestPortal.account(this.api, me, "/account/delegations/mandate");
		String form = account.page().body();
		assertThat(form).contains("Give a mandate", "value=\"" + service.clientId + "\"", "id=\"proxy-birth-day\"",
				"id=\"until-year\"", "Your date of birth").doesNotContain("??");
		String csrf = TestBrowser.hidden(form, "_csrf");
		long stored = count("delegation");

		// the wrong date of birth, nothing ticked, no last day
		HttpResponse<String> wrong = account.browser().post("/account/delegations/mandate", Map.of("_csrf", csrf,
				"proxyNumber", number, "birthDay", "1", "birthMonth", "1", "birthYear", "1990"));
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(wrong.body()).contains("There is a problem", "href=\"#proxy-number\"", "href=\"#services\"", "href=\"#claims\"",
				"href=\"#until-day\"", "id=\"proxy-number-error\"", "id=\"services-error\"", "id=\"claims-error\"",
				"id=\"until-error\"", "Check the individual number and date of birth", "Select at least one service",
				"value=\"1990\"").doesNotContain(number);

		// a date of birth that is no date: said once, by the date
		HttpResponse<String> noDate = account.browser().postEncoded("/account/delegations/mandate", "_csrf=" + csrf
				+ "&proxyNumber=" + number + "&birthDay=31&birthMonth=2&birthYear=1998&services=" + service.clientId
				+ "&claims=profile&untilDay=1&untilMonth=1&untilYear=" + today().plusYears(3).getYear());
		assertThat(noDate.body()).contains("href=\"#proxy-birth-day\"", "Enter their date of birth as a real date",
				"href=\"#until-day\"", "at most a year from today").doesNotContain("href=\"#proxy-number\"")
			.doesNotContain(number).contains("checked");
		assertThat(count("delegation")).isEqualTo(stored);

		// in Japanese, the year comes first and the summary links to it
		HttpResponse<String> ja = account.browser().post("/account/delegations/mandate?lang=ja", Map.of("_csrf", csrf,
				"proxyNumber", number));
		assertThat(ja.body()).contains("問題があります", "href=\"#proxy-birth-year\"", "代理をする方の生年月日を入力してください")
			.doesNotContain(number).doesNotContain("??");
	}

	@Test
	void mandateWhenDraftedThenTheSigningCommandIsShownAndTheCardBringsItIntoEffect() throws Exception {
		TestCards me = TestCards.issue(this.api, TestResidents.katsuko(), this.dir.resolve("me"));
		String number = this.api.postJson("/api/v1/residents", TestResidents.lanFromVietnam()).jsonBody()
			.get("individualNumber").asString();
		TestRelyingParty service = proxyService();
		TestPortal.SignedIn account = TestPortal.account(this.api, me, "/account/delegations/mandate");
		TestBrowser browser = account.browser();
		LocalDate until = today().plusMonths(6);
		String spaced = number.substring(0, 4) + " " + number.substring(4, 8) + " " + number.substring(8);
		HttpResponse<String> drafted = browser.postEncoded("/account/delegations/mandate", "_csrf="
				+ TestBrowser.hidden(account.page().body(), "_csrf") + "&proxyNumber=" + URLEncoder.encode(spaced, StandardCharsets.UTF_8)
				+ "&birthDay=15&birthMonth=6&birthYear=1998&services=" + service.clientId + "&claims=profile&claims=birthdate"
				+ "&untilDay=" + until.getDayOfMonth() + "&untilMonth=" + until.getMonthValue() + "&untilYear=" + until.getYear());
		assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(302);
		String location = TestBrowser.location(drafted);
		assertThat(location).contains("/account/delegations/mandate/").doesNotContain(number);
		String mandate = location.replaceAll(".*/", "");

		String signing = browser.get(location).body();
		assertThat(signing).contains("Mandate drafted", "./tsunagu wallet mandate-sign --card-dir DIR --mandate " + mandate,
				"NGUYEN Thi Lan", "Sakura Bank", "Date of birth", until.toString()).doesNotContain(number).doesNotContain("??");
		String list = browser.get("/account/delegations").body();
		assertThat(list).contains("Waiting for your card", "data-sign-command=\"" + mandate + "\"", "Withdraw this draft");

		// the command as the page shows it, with the card's folder for DIR
		String signed = TestCards.wallet(TestCards.AUTH_PIN + "\nSign2026\n", "mandate-sign", "--card-dir", me.dir().toString(),
				"--mandate", mandate);
		assertThat(signed).as(signed).doesNotStartWith("exit ");
		assertThat(statusOf(mandate)).isEqualTo("active");
		String active = browser.get("/account/delegations").body();
		assertThat(active).contains("Who may act for me", "NGUYEN Thi Lan", "data-delegation-status=\"active\"",
				"End this mandate").doesNotContain("Waiting for your card");
		assertThat(browser.get(location).body()).contains("This mandate is signed and in effect.");

		HttpResponse<String> ended = browser.post("/account/delegations/" + mandate + "/end",
				Map.of("_csrf", TestBrowser.hidden(active, "_csrf")));
		assertThat(TestBrowser.location(ended)).endsWith("/account/delegations?done=ended");
		assertThat(browser.follow(ended).body()).contains("The mandate has ended", "withdrawn by the person represented")
			.doesNotContain("End this mandate");
		assertThat(statusOf(mandate)).isEqualTo("ended");
	}

	private String enrol(String resident) {
		TestApi.Response enrolled = this.api.postJson("/api/v1/residents", resident);
		assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
		return enrolled.jsonBody().get("id").asString();
	}

	/** A child's legal representative, recorded through the operator API from the family register. */
	private String represent(String child, String parent) {
		TestApi.Response recorded = this.api.postJson("/api/v1/delegations", """
				{"kind":"legal-representative","representedId":"%s","proxyId":"%s","services":["*"],
				 "claims":["profile","birthdate"],
				 "evidence":{"type":"family-register","reference":"Chiyoda 2016-0123","verifiedBy":"chiyoda-desk-4"}}"""
			.formatted(child, parent));
		assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
		return recorded.jsonBody().get("id").asString();
	}

	private TestRelyingParty proxyService() throws Exception {
		return TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"birthdate\"]", "high", "\"acceptsProxies\":true");
	}

	private String statusOf(String delegation) {
		return this.jdbc.sql("SELECT status FROM delegation WHERE id = ?")
			.param(java.util.UUID.fromString(delegation))
			.query(String.class)
			.single();
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	private static LocalDate today() {
		return LocalDate.now(ZoneId.of("Asia/Tokyo"));
	}

}
