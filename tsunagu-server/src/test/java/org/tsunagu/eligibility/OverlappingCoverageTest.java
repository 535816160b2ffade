package org.tsunagu.eligibility;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TestClock;
import org.tsunagu.TsunaguTest;
import org.tsunagu.eligibility.TestOrganisations.Org;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.Slot;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person with more than one current coverage: the clinic is shown every one, in the documented order, flagged and
 * with a sentence for its screen; the person and the console see the same; each insurer lists its own members in
 * overlap and learns no more of the other coverage than its insurer's name and number. One insurer cannot cover a
 * person twice on a day; a change of insurer on a day boundary is no overlap.
 */
@TsunaguTest
class OverlappingCoverageTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	@Autowired
	TestApi api;

	@Autowired
	TestClock clock;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	Org clinic;

	TestCards card;

	String number;

	UUID resident;

	@BeforeEach
	void setUp() throws Exception {
		this.clinic = TestOrganisations.register(this.api, "clinic", "Chiyoda Clinic", digits(10), "eligibility:check");
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		this.number = enrolled.get("individualNumber").asString();
		this.resident = UUID.fromString(enrolled.get("id").asString());
		this.card = TestCards.forResident(this.api, this.resident.toString(), this.dir);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	private static String digits(int n) {
		String t = Long.toString(System.nanoTime());
		return t.substring(t.length() - n);
	}

	private Org insurer(String name, String identifier) throws Exception {
		return TestOrganisations.register(this.api, "insurer", name, identifier, "coverage:write");
	}

	private static String coverage(String number, LocalDate from, LocalDate to, String copay, String symbol) {
		return TestOrganisations.coverage(number, from.toString(), to == null ? null : to.toString(), copay)
			.replace("\"symbol\":\"記号12\"", "\"symbol\":\"" + symbol + "\"");
	}

	private JsonNode check() throws Exception {
		HttpResponse<String> checked = this.clinic.check(this.card.present(this.clinic.challenge()), null);
		assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
		return JSON.readTree(checked.body());
	}

	private long logged(String what) {
		return this.jdbc.sql("SELECT leaf FROM log_entry WHERE resident_id = :id")
			.param("id", this.resident)
			.query(byte[].class)
			.list()
			.stream()
			.filter((leaf) -> new String(leaf, StandardCharsets.UTF_8).contains(what))
			.count();
	}

	private static HttpResponse<String> load(Org insurer, String lines) throws Exception {
		String url = insurer.client().issuer + "/api/v1/coverage/batches";
		return HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
				.header("Authorization", "DPoP " + insurer.token())
				.header("DPoP", insurer.client().dpop("POST", url, insurer.token()))
				.header("Content-Type", "application/jsonl")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(lines))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private int rows() {
		return this.jdbc.sql("SELECT COUNT(*) FROM coverage").query(Integer.class).single();
	}

	@Test
	void checkWhenTwoInsurersCoverTheSameDaysThenBothShownInOrderFlaggedAndEveryViewSaysTheSame() throws Exception {
		LocalDate today = LocalDate.now(TOKYO);
		LocalDate from = today.minusDays(3);
		// the insurer whose number sorts second records first, so that the rows' own order would be the wrong one
		String suffix = digits(6);
		Org second = insurer("Ume Health Insurance Society", "39" + suffix);
		Org first = insurer("Sakura Health Insurance Society", "06" + suffix);
		assertThat(second.send("PUT", "/api/v1/coverage/members/U-1", coverage(this.number, from, null, "0.2", "UME-9"))
			.statusCode()).isEqualTo(201);
		assertThat(first.send("PUT", "/api/v1/coverage/members/S-1", coverage(this.number, from, null, "0.3", "SAKURA-1"))
			.statusCode()).isEqualTo(201);

		for (int i = 0; i < 3; i++) {
			JsonNode answer = check();
			assertThat(answer.get("eligible").asBoolean()).isTrue();
			assertThat(answer.get("flags").toString()).contains("overlapping-coverage");
			// no one of them is the answer's: the clinic is not handed an insurer to bill
			assertThat(answer.has("insurer")).isFalse();
			assertThat(answer.has("copayRatio")).isFalse();
			JsonNode coverages = answer.get("coverages");
			assertThat(coverages.size()).isEqualTo(2);
			// the same start day: by insurer number
			assertThat(coverages.get(0).get("insurer").get("number").asString()).isEqualTo(first.identifier());
			assertThat(coverages.get(0).get("member").get("symbol").asString()).isEqualTo("SAKURA-1");
			assertThat(coverages.get(0).get("copayRatio").asDouble()).isEqualTo(0.3);
			assertThat(coverages.get(1).get("insurer").get("number").asString()).isEqualTo(second.identifier());
			assertThat(coverages.get(1).get("member").get("symbol").asString()).isEqualTo("UME-9");
			assertThat(coverages.get(1).get("member").get("number").asString()).isEqualTo("345");
			assertThat(coverages.get(1).get("member").get("branch").asString()).isEqualTo("01");
			assertThat(coverages.get(1).get("copayRatio").asDouble()).isEqualTo(0.2);
			assertThat(coverages.get(1).get("validFrom").asString()).isEqualTo(from.toString());
			assertThat(coverages.get(1).get("validTo").isNull()).isTrue();
			// a sentence for the clinic's screen, in both languages
			assertThat(answer.get("notice").get("en").asString()).contains("more than one health insurance coverage");
			assertThat(answer.get("notice").get("ja").asString()).contains("複数");
			assertThat(answer.toString()).doesNotContain("U-1").doesNotContain("S-1").doesNotContain(this.number);
		}
		assertThat(logged("eligible, overlapping coverage")).isEqualTo(3);

		// the person's own view and the console's read the same coverages, in the same order, with the same flag
		org.tsunagu.wallet.CardToken wallet = new org.tsunagu.wallet.CardToken(HttpClient.newHttpClient());
		String origin = this.clinic.client().issuer;
		X509Certificate certificate = this.card.card().certificate(Slot.AUTHENTICATION).orElseThrow();
		wallet.obtain(origin, this.card.authenticationKey(), null, certificate);
		JsonNode own = JSON.readTree(wallet.get(origin + "/api/v1/me/coverage"));
		TestApi.Response console = this.api.get("/api/v1/residents/" + this.resident + "/coverage");
		assertThat(console.status()).as(console.body()).isEqualTo(200);
		for (JsonNode view : new JsonNode[] { own, console.jsonBody() }) {
			assertThat(view.get("flags").toString()).contains("overlapping-coverage");
			assertThat(view.get("current")).isEqualTo(check().get("coverages"));
			assertThat(view.get("records").size()).isEqualTo(2);
		}
		// an operator without the registry's read role does not see it; an unknown person is a clean 404
		assertThat(this.api.send(this.api.request("/api/v1/residents/" + this.resident + "/coverage",
				this.api.tokenWith(org.tsunagu.operator.OperatorRole.PKI_ISSUE))).status()).isEqualTo(403);
		TestApi.Response unknown = this.api.get("/api/v1/residents/" + UUID.randomUUID() + "/coverage");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		// the clinic's token reads no one's coverage through the operator's address
		assertThat(this.clinic.send("GET", "/api/v1/residents/" + this.resident + "/coverage", null).statusCode())
			.isEqualTo(403);
	}

	@Test
	void overlapsWhenListedThenEachInsurerSeesItsOwnMembersAndOnlyTheOtherInsurersNameAndNumber() throws Exception {
		LocalDate today = LocalDate.now(TOKYO);
		Org sakura = insurer("Sakura Health Insurance Society", digits(8));
		Org ume = insurer("Ume Health Insurance Society", digits(8));
		Org kiku = insurer("Kiku Mutual Aid Association", digits(8));
		assertThat(sakura.send("PUT", "/api/v1/coverage/members/S-7", coverage(this.number, today.minusYears(1), null, "0.3",
				"SAKURA-7")).statusCode()).isEqualTo(201);
		// Ume starts next month, before Sakura has ended: an overlap from then on, which both can see today
		assertThat(ume.send("PUT", "/api/v1/coverage/members/U-7", coverage(this.number, today.plusMonths(1), null, "0.2",
				"UME-7")).statusCode()).isEqualTo(201);
		// another person covered by Sakura alone is in no one's list
		String other = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("individualNumber").asString();
		assertThat(sakura.send("PUT", "/api/v1/coverage/members/S-8", coverage(other, today.minusYears(1), null, "0.3",
				"SAKURA-8")).statusCode()).isEqualTo(201);
		// Kiku covered the person last year only: ended, no overlap from today on
		assertThat(kiku.send("PUT", "/api/v1/coverage/members/K-7", coverage(this.number, today.minusYears(2),
				today.minusYears(1).minusDays(1), "0.3", "KIKU-7")).statusCode()).isEqualTo(201);

		HttpResponse<String> sakuras = sakura.send("GET", "/api/v1/coverage/overlaps", null);
		assertThat(sakuras.statusCode()).as(sakuras.body()).isEqualTo(200);
		JsonNode listed = JSON.readTree(sakuras.body()).get("members");
		assertThat(listed.size()).isEqualTo(1);
		assertThat(listed.get(0).get("memberKey").asString()).isEqualTo("S-7");
		assertThat(listed.get(0).get("alsoCoveredBy").size()).isEqualTo(1);
		JsonNode also = listed.get(0).get("alsoCoveredBy").get(0);
		assertThat(also.get("number").asString()).isEqualTo(ume.identifier());
		assertThat(also.get("name").get("en").asString()).isEqualTo("Ume Health Insurance Society");
		// of Ume's record, nothing else: not its key, symbol, ratio or dates
		assertThat(also.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyInAnyOrder("number", "name");
		assertThat(sakuras.body()).doesNotContain("U-7").doesNotContain("UME-7").doesNotContain(today.plusMonths(1).toString())
			.doesNotContain(this.number).doesNotContain(this.resident.toString()).doesNotContain("S-8");

		JsonNode umes = JSON.readTree(ume.send("GET", "/api/v1/coverage/overlaps", null).body()).get("members");
		assertThat(umes.size()).isEqualTo(1);
		assertThat(umes.get(0).get("memberKey").asString()).isEqualTo("U-7");
		assertThat(umes.get(0).get("alsoCoveredBy").get(0).get("number").asString()).isEqualTo(sakura.identifier());
		assertThat(umes.toString()).doesNotContain("S-7").doesNotContain("SAKURA-7").doesNotContain(kiku.identifier());
		assertThat(JSON.readTree(kiku.send("GET", "/api/v1/coverage/overlaps", null).body()).get("members").size()).isZero();

		// the person's log says which insurer learned of the overlap
		assertThat(logged("shown that you are also covered by Ume Health Insurance Society")).isEqualTo(1);
		assertThat(logged("shown that you are also covered by Sakura Health Insurance Society")).isEqualTo(1);

		// once Sakura ends its coverage the day before Ume starts, no one's list shows the person
		assertThat(sakura.send("PUT", "/api/v1/coverage/members/S-7", coverage(this.number, today.minusYears(1),
				today.plusMonths(1).minusDays(1), "0.3", "SAKURA-7")).statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(sakura.send("GET", "/api/v1/coverage/overlaps", null).body()).get("members").size()).isZero();
		assertThat(JSON.readTree(ume.send("GET", "/api/v1/coverage/overlaps", null).body()).get("members").size()).isZero();

		// a bad page key is a clean 400; only insurers list overlaps
		HttpResponse<String> bad = sakura.send("GET", "/api/v1/coverage/overlaps?after=%3Cscript%3E", null);
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(bad.body()).contains("/after").doesNotContain("<script>");
		assertThat(this.clinic.send("GET", "/api/v1/coverage/overlaps", null).statusCode()).isEqualTo(403);
	}

	@Test
	void putWhenTheSameInsurerWouldCoverThePersonTwiceThenRefusedWithTheExistingKeyAndNothingWritten() throws Exception {
		LocalDate today = LocalDate.now(TOKYO);
		Org sakura = insurer("Sakura Health Insurance Society", digits(8));
		assertThat(sakura.send("PUT", "/api/v1/coverage/members/S-1", coverage(this.number, today.minusYears(1), null, "0.3",
				"OLD")).statusCode()).isEqualTo(201);
		int rows = rows();
		long coverageEntries = logged("health insurance coverage");

		// a second record under a new key, from today, while the first is open
		HttpResponse<String> twice = sakura.send("PUT", "/api/v1/coverage/members/S-2",
				coverage(this.number, today, null, "0.2", "NEW"));
		assertThat(twice.statusCode()).as(twice.body()).isEqualTo(409);
		assertThat(twice.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(twice.body());
		assertThat(problem.get("existingMemberKey").asString()).isEqualTo("S-1");
		assertThat(problem.get("errors").get(0).get("pointer").asString()).isEqualTo("/validFrom");
		assertThat(twice.body()).doesNotContain(this.number).doesNotContain("Exception");
		assertThat(rows()).isEqualTo(rows);
		assertThat(logged("health insurance coverage")).isEqualTo(coverageEntries);
		// ended on the day the new one starts still meets it by a day
		assertThat(sakura.send("PUT", "/api/v1/coverage/members/S-1",
				coverage(this.number, today.minusYears(1), today, "0.3", "OLD")).statusCode()).isEqualTo(200);
		assertThat(sakura.send("PUT", "/api/v1/coverage/members/S-2", coverage(this.number, today, null, "0.2", "NEW"))
			.statusCode()).isEqualTo(409);
		assertThat(sakura.send("GET", "/api/v1/coverage/members/S-2", null).statusCode()).isEqualTo(404);

		// as a dependant of another member, and as a line of a monthly load: refused the same way, nothing written
		String insured = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("individualNumber").asString();
		String withDependant = coverage(insured, today, null, "0.3", "FAMILY").replace("\"limitCategory\":\"ウ\"}", """
				"limitCategory":"ウ","dependants":[{"memberKey":"S-4","individualNumber":"%s","name":{"family":"髙橋",
				 "given":"葛子","familyReading":"タカハシ","givenReading":"カツコ"},"birthDate":"1984-04-02"}]}"""
			.formatted(this.number));
		HttpResponse<String> dependant = sakura.send("PUT", "/api/v1/coverage/members/S-3", withDependant);
		assertThat(dependant.statusCode()).as(dependant.body()).isEqualTo(409);
		assertThat(dependant.body()).contains("/dependants/0/validFrom").contains("\"existingMemberKey\":\"S-1\"");
		assertThat(sakura.send("GET", "/api/v1/coverage/members/S-3", null).statusCode()).isEqualTo(404);
		String line = "{\"memberKey\":\"S-5\"," + coverage(this.number, today, null, "0.2", "NEW").strip().substring(1)
			.replace("\n", " ") + "\n";
		HttpResponse<String> loaded = load(sakura, line);
		assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
		JsonNode report = JSON.readTree(loaded.body());
		assertThat(report.get("failed").asInt()).isEqualTo(1);
		assertThat(report.get("errors").get(0).get("status").asInt()).isEqualTo(409);
		assertThat(report.get("errors").get(0).get("memberKey").asString()).isEqualTo("S-5");
		assertThat(report.get("errors").get(0).get("existingMemberKey").asString()).isEqualTo("S-1");
		assertThat(rows()).isEqualTo(rows);
		assertThat(logged("health insurance coverage")).isEqualTo(coverageEntries + 1);

		// the usual renumbering: the first ends the day before the new one starts
		assertThat(sakura.send("PUT", "/api/v1/coverage/members/S-1",
				coverage(this.number, today.minusYears(1), today.minusDays(1), "0.3", "OLD")).statusCode()).isEqualTo(200);
		HttpResponse<String> renumbered = sakura.send("PUT", "/api/v1/coverage/members/S-2",
				coverage(this.number, today, null, "0.2", "NEW"));
		assertThat(renumbered.statusCode()).as(renumbered.body()).isEqualTo(201);
		JsonNode answer = check();
		assertThat(answer.get("flags").size()).isZero();
		assertThat(answer.get("member").get("symbol").asString()).isEqualTo("NEW");
		// and the old record cannot be reopened over the new one
		HttpResponse<String> reopened = sakura.send("PUT", "/api/v1/coverage/members/S-1",
				coverage(this.number, today.minusYears(1), null, "0.3", "OLD"));
		assertThat(reopened.statusCode()).isEqualTo(409);
		assertThat(JSON.readTree(reopened.body()).get("existingMemberKey").asString()).isEqualTo("S-2");
		assertThat(logged("health insurance coverage")).isEqualTo(coverageEntries + 3);
	}

	@Test
	void checkWhenTheInsurerChangesOnADayBoundaryThenTheOldOnTheLastDayAndTheNewFromTheNextWithNoFlag() throws Exception {
		LocalDate day = LocalDate.now(TOKYO).plusDays(30);
		Org old = insurer("Sakura Health Insurance Society", digits(8));
		Org next = insurer("Ume Health Insurance Society", digits(8));
		assertThat(old.send("PUT", "/api/v1/coverage/members/S-1", coverage(this.number, day.minusYears(1), day, "0.3",
				"OLD")).statusCode()).isEqualTo(201);
		assertThat(next.send("PUT", "/api/v1/coverage/members/U-1", coverage(this.number, day.plusDays(1), null, "0.2",
				"NEW")).statusCode()).isEqualTo(201);

		// on day D, just before midnight in Tokyo: the old insurer
		this.clock.advance(Duration.between(java.time.Instant.now(), day.plusDays(1).atStartOfDay(TOKYO).minusMinutes(5).toInstant()));
		JsonNode onD = check();
		assertThat(onD.get("insurer").get("number").asString()).isEqualTo(old.identifier());
		assertThat(onD.get("member").get("symbol").asString()).isEqualTo("OLD");
		assertThat(onD.get("flags").size()).isZero();
		assertThat(onD.get("coverages").size()).isEqualTo(1);

		// ten minutes later it is D + 1 in Tokyo: the new insurer
		this.clock.advance(Duration.ofMinutes(10));
		JsonNode onNext = check();
		assertThat(onNext.get("insurer").get("number").asString()).isEqualTo(next.identifier());
		assertThat(onNext.get("member").get("symbol").asString()).isEqualTo("NEW");
		assertThat(onNext.get("copayRatio").asDouble()).isEqualTo(0.2);
		assertThat(onNext.get("flags").size()).isZero();
		assertThat(onNext.get("coverages").size()).isEqualTo(1);
	}

}
