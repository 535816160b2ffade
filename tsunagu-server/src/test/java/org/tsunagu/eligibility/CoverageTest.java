package org.tsunagu.eligibility;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.IndividualNumber;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Insurers' coverage: a member linked once to the registry from the insurer's identity data (never to the wrong
 * person), each insurer seeing its own members only, every change logged, every rule refused with nothing written.
 */
@TsunaguTest
class CoverageTest {

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	Insurer sakura;

	String residentId;

	String number;

	/** An insurer registered as an organisation, acting on its members' coverage with its own DPoP-bound token. */
	record Insurer(TestOrganisations.Org org) {

		HttpResponse<String> send(String method, String memberKey, String body) throws Exception {
			return this.org.send(method, "/api/v1/coverage/members/" + memberKey, body);
		}

		TestRelyingParty client() {
			return this.org.client();
		}

		String token() {
			return this.org.token();
		}

	}

	Insurer insurer(String kind, String identifier, String scope) throws Exception {
		return new Insurer(TestOrganisations.register(this.api, kind, "Sakura Health Insurance Society", identifier, scope));
	}

	private static String digits(int n) {
		String t = Long.toString(System.nanoTime());
		return t.substring(t.length() - n);
	}

	@BeforeEach
	void setUp() throws Exception {
		this.sakura = insurer("insurer", digits(8), "coverage:write");
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		this.residentId = enrolled.get("id").asString();
		this.number = enrolled.get("individualNumber").asString();
	}

	/** Katsuko as an insurer writes her: the common glyph 高 for 髙, no variation selector, readings in hiragana. */
	static String member(String number, String birthDate, String family, String reading, String copay, String extra) {
		return """
				{"individualNumber":"%s","name":{"family":"%s","given":"葛子","familyReading":"%s","givenReading":"かつこ"},
				 "birthDate":"%s","relationship":"insured","symbol":"123","number":"4567","branch":"00",
				 "validFrom":"2026-04-01","validTo":null,"copayRatio":%s,"limitCategory":"ウ"%s}"""
			.formatted(number, family, reading, birthDate, copay, extra == null ? "" : "," + extra);
	}

	private int logged(String what) {
		return (int) this.jdbc.sql("SELECT leaf FROM log_entry WHERE resident_id = :id")
			.param("id", java.util.UUID.fromString(this.residentId))
			.query(byte[].class)
			.list()
			.stream()
			.filter((leaf) -> new String(leaf, java.nio.charset.StandardCharsets.UTF_8).contains(what))
			.count();
	}

	private int coverageRows() {
		return this.jdbc.sql("SELECT COUNT(*) FROM coverage").query(Integer.class).single();
	}

	@Test
	void putWhenIdentityMatchesTheRegistryThenLinkedOnceAndLogged() throws Exception {
		HttpResponse<String> created = this.sakura.send("PUT", "M-001",
				member(this.number, "1984-04-02", "高橋", "たかはし", "0.3", null));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode coverage = JsonMapper.builder().build().readTree(created.body());
		assertThat(coverage.get("memberKey").asString()).isEqualTo("M-001");
		assertThat(coverage.get("copayRatio").asDouble()).isEqualTo(0.3);
		assertThat(coverage.get("version").asInt()).isEqualTo(1);
		// the insurer never gets the registry's id or the number back
		assertThat(created.body()).doesNotContain(this.residentId).doesNotContain(this.number);
		assertThat(logged("health insurance coverage recorded")).isEqualTo(1);

		// a change keeps the link: 200, the next version, logged
		HttpResponse<String> changed = this.sakura.send("PUT", "M-001",
				member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.2", null));
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		assertThat(JsonMapper.builder().build().readTree(changed.body()).get("version").asInt()).isEqualTo(2);
		assertThat(this.sakura.send("GET", "M-001", null).body()).contains("\"copayRatio\":0.2");
		assertThat(logged("health insurance coverage changed")).isEqualTo(1);

		// the member key stays this person's: another person's identity under it is refused
		JsonNode other = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		HttpResponse<String> otherPerson = this.sakura.send("PUT", "M-001",
				member(other.get("individualNumber").asString(), "1984-04-02", "髙橋", "タカハシ", "0.3", null));
		assertThat(otherPerson.statusCode()).isEqualTo(422);
		assertThat(otherPerson.body()).contains("member-key-linked");
		assertThat(this.sakura.send("GET", "M-001", null).body()).contains("\"version\":2");

		// another insurer sees none of it, and cannot end it
		Insurer ume = insurer("insurer", digits(6), "coverage:write");
		assertThat(ume.send("GET", "M-001", null).statusCode()).isEqualTo(404);
		assertThat(ume.send("DELETE", "M-001", null).statusCode()).isEqualTo(404);

		// ending it: gone, and logged
		assertThat(this.sakura.send("DELETE", "M-001", null).statusCode()).isEqualTo(204);
		assertThat(this.sakura.send("GET", "M-001", null).statusCode()).isEqualTo(404);
		assertThat(logged("health insurance coverage ended")).isEqualTo(1);
	}

	@Test
	void putWhenIdentityDoesNotMatchThenRefusedWithTheReasonAndNothingWritten() throws Exception {
		int rows = coverageRows();
		String unknown = IndividualNumber.random(new java.util.Random(System.nanoTime())).reveal();
		Map<String, String> cases = Map.of(
				member(this.number, "1984-04-03", "髙橋", "タカハシ", "0.3", null), "/birthDate",
				member(this.number, "1984-04-02", "高田", "たかだ", "0.3", null), "/name",
				member(unknown, "1984-04-02", "髙橋", "タカハシ", "0.3", null), "/individualNumber",
				member(this.number.substring(0, 11) + ((this.number.charAt(11) - '0' + 1) % 10), "1984-04-02", "髙橋", "タカハシ",
						"0.3", null), "/individualNumber");
		for (Map.Entry<String, String> c : cases.entrySet()) {
			HttpResponse<String> refused = this.sakura.send("PUT", "M-002", c.getKey());
			assertThat(refused.statusCode()).as(c.getKey()).isEqualTo(422);
			assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
			assertThat(refused.body()).as(c.getKey()).contains("\"" + c.getValue() + "\"").doesNotContain(this.residentId)
				.doesNotContain("Exception");
		}
		assertThat(this.sakura.send("GET", "M-002", null).statusCode()).isEqualTo(404);
		assertThat(coverageRows()).isEqualTo(rows);
	}

	@Test
	void putWhenAnyFieldIsInvalidThenProblemNamesItAndNothingWritten() throws Exception {
		int rows = coverageRows();
		Map<String, String> cases = new java.util.LinkedHashMap<>();
		cases.put(member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.25", null), "/copayRatio");
		cases.put(member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", "\"validTo\":\"2026-03-31\"").replace("\"validTo\":null,", ""),
				"/validTo");
		cases.put(member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", null).replace("\"insured\"", "\"spouse\""), "/relationship");
		cases.put(member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", null).replace("\"branch\":\"00\"", "\"branch\":\"1\""), "/branch");
		cases.put(member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", null).replace("\"symbol\":\"123\"", "\"symbol\":\"1\\u0000\""), "/symbol");
		cases.put(member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", null).replace("\"validFrom\":\"2026-04-01\"", "\"validFrom\":\"2026-13-01\""), "/validFrom");
		cases.put(member(this.number, "1984-04-02", "<script>alert(1)</script>".repeat(5), "タカハシ", "0.3", null), "/name/family");
		cases.put(member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", "\"dependants\":[{\"memberKey\":\"D-1\"}]"),
				"/dependants/0/individualNumber");
		cases.put(member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", "\"dependants\":[{\"memberKey\":\"M-003\"}]"),
				"/dependants/0/memberKey");
		cases.put(member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", "\"dependants\":[{\"name\":\"x\"}]"),
				"/dependants/0/name");
		cases.put(member(this.number, "2999-01-01", "髙橋", "タカハシ", "0.3", null), "/birthDate");
		for (Map.Entry<String, String> c : cases.entrySet()) {
			HttpResponse<String> refused = this.sakura.send("PUT", "M-003", c.getKey());
			assertThat(refused.statusCode()).as(c.getKey()).isEqualTo(400);
			assertThat(refused.body()).as(c.getKey()).contains("\"" + c.getValue() + "\"").doesNotContain(this.number)
				.doesNotContain("<script>");
		}
		assertThat(this.sakura.send("PUT", "bad%20key", member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", null)).statusCode())
			.isEqualTo(400);
		assertThat(this.sakura.send("PUT", "M-003", "{not json").statusCode()).isEqualTo(400);
		// a member key that could be an individual number: refused, and not repeated
		HttpResponse<String> numbered = this.sakura.send("PUT", this.number,
				member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", null));
		assertThat(numbered.statusCode()).isEqualTo(400);
		assertThat(numbered.body()).contains("/memberKey").doesNotContain(this.number);
		HttpResponse<String> numberedDependant = this.sakura.send("PUT", "M-003", member(this.number, "1984-04-02", "髙橋",
				"タカハシ", "0.3", "\"dependants\":[{\"memberKey\":\"" + this.number.substring(0, 4) + "-" + this.number.substring(4) + "\"}]"));
		assertThat(numberedDependant.statusCode()).isEqualTo(400);
		assertThat(numberedDependant.body()).contains("/dependants/0/memberKey").doesNotContain(this.number)
			.doesNotContain(this.number.substring(4));
		assertThat(coverageRows()).isEqualTo(rows);
	}

	@Test
	void putWhenDependantsComeWithTheInsuredThenEachIsLinkedAndRecordedAsAMemberOfTheirOwn() throws Exception {
		String taro = this.api.postJson("/api/v1/residents", TestResidents.taroRemote()).jsonBody().get("individualNumber").asString();
		String dependant = """
				"dependants":[{"memberKey":"M-011","individualNumber":"%s","name":{"family":"山田","given":"太郎",
				 "familyReading":"やまだ","givenReading":"たろう"},"birthDate":"%s","branch":"01","copayRatio":0.2}]""";
		int rows = coverageRows();

		// one that does not match the registry refuses the whole request: nothing recorded, not even the insured
		HttpResponse<String> mismatch = this.sakura.send("PUT", "M-010",
				member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", dependant.formatted(taro, "1990-12-30")));
		assertThat(mismatch.statusCode()).as(mismatch.body()).isEqualTo(422);
		assertThat(mismatch.body()).contains("/dependants/0/birthDate").doesNotContain(taro).doesNotContain(this.number);
		assertThat(coverageRows()).isEqualTo(rows);

		// the shape: no relationship given means the insured person
		HttpResponse<String> recorded = this.sakura.send("PUT", "M-010",
				member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", dependant.formatted(taro, "1990-12-31"))
					.replace("\"relationship\":\"insured\",", ""));
		assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
		JsonNode answer = JSON.readTree(recorded.body());
		assertThat(answer.get("memberKey").asString()).isEqualTo("M-010");
		assertThat(answer.get("relationship").asString()).isEqualTo("insured");
		JsonNode own = answer.get("dependants").get(0);
		assertThat(own.get("memberKey").asString()).isEqualTo("M-011");
		assertThat(own.get("relationship").asString()).isEqualTo("dependant");
		assertThat(own.get("symbol").asString()).isEqualTo("123");
		assertThat(own.get("branch").asString()).isEqualTo("01");
		assertThat(own.get("copayRatio").decimalValue()).isEqualByComparingTo("0.2");
		assertThat(coverageRows()).isEqualTo(rows + 2);
		assertThat(recorded.body()).doesNotContain(taro).doesNotContain(this.number);
		HttpResponse<String> read = this.sakura.send("GET", "M-011", null);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(read.body()).get("relationship").asString()).isEqualTo("dependant");

		// sent again unchanged: nothing new, the answer says so
		assertThat(this.sakura.send("PUT", "M-010",
				member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", dependant.formatted(taro, "1990-12-31")))
			.statusCode()).isEqualTo(200);
		assertThat(coverageRows()).isEqualTo(rows + 2);
		// the same person as insured and dependant is refused
		HttpResponse<String> twice = this.sakura.send("PUT", "M-012",
				member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", dependant.formatted(this.number, "1984-04-02")
					.replace("山田", "髙橋").replace("太郎", "葛子").replace("やまだ", "たかはし").replace("たろう", "かつこ")
					.replace("M-011", "M-013")));
		assertThat(twice.statusCode()).as(twice.body()).isEqualTo(422);
		assertThat(twice.body()).contains("/dependants/0/individualNumber").contains("sent twice");
		assertThat(coverageRows()).isEqualTo(rows + 2);

		// a failure after the insured person's row was written undoes it: a dependant under a member key that is
		// already another person's (Katsuko's M-010) refuses the request, and M-030 (a second Katsuko) is not
		// recorded either
		String another = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("individualNumber").asString();
		HttpResponse<String> taken = this.sakura.send("PUT", "M-030",
				member(another, "1984-04-02", "髙橋", "タカハシ", "0.3", dependant.formatted(taro, "1990-12-31")
					.replace("M-011", "M-010")));
		assertThat(taken.statusCode()).as(taken.body()).isEqualTo(422);
		assertThat(taken.body()).contains("member-key-linked").contains("/dependants/0/memberKey");
		assertThat(coverageRows()).isEqualTo(rows + 2);
		assertThat(this.sakura.send("GET", "M-030", null).statusCode()).isEqualTo(404);
	}

	@Test
	void putWhenNotAnInsurerThenForbidden() throws Exception {
		Insurer clinic = insurer("clinic", digits(10), "eligibility:check");
		String body = member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", null);
		assertThat(clinic.send("PUT", "M-004", body).statusCode()).isEqualTo(403);
		// the operator's credential holds every operator role, and still writes no coverage
		assertThat(this.api.send(this.api.request("/api/v1/coverage/members/M-004", this.api.operatorToken())
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))).status()).isEqualTo(403);
		assertThat(List.of(this.sakura.send("GET", "M-004", null).statusCode())).containsExactly(404);
	}

	private HttpResponse<String> load(byte[] body) throws Exception {
		String url = this.sakura.client().issuer + "/api/v1/coverage/batches";
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "DPoP " + this.sakura.token())
				.header("DPoP", this.sakura.client().dpop("POST", url, this.sakura.token()))
				.header("Content-Type", "application/jsonl")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String line(String memberKey, String member) {
		return "{\"memberKey\":\"" + memberKey + "\"," + member.strip().substring(1).replace("\n", " ") + "\n";
	}

	@Test
	void batchWhenLoadedTwiceThenTheSecondChangesNothingAndBadLinesStopNothing() throws Exception {
		JsonNode second = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		String body = line("B-1", member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", null))
				+ line("B-2", member(second.get("individualNumber").asString(), "1984-04-02", "髙橋", "タカハシ", "0.2", null))
				+ line("B-3", member(this.number, "1999-09-09", "髙橋", "タカハシ", "0.3", null))
				+ "not json\n\n";
		HttpResponse<String> first = load(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		JsonNode report = JsonMapper.builder().build().readTree(first.body());
		assertThat(report.get("recorded").asInt()).as(first.body()).isEqualTo(2);
		assertThat(report.get("failed").asInt()).isEqualTo(2);
		assertThat(report.get("errors").get(0).get("line").asInt()).isEqualTo(3);
		assertThat(report.get("errors").get(0).get("memberKey").asString()).isEqualTo("B-3");
		assertThat(report.get("errors").get(0).toString()).contains("/birthDate");
		assertThat(report.get("errors").get(1).get("line").asInt()).isEqualTo(4);
		assertThat(first.body()).doesNotContain(this.number);

		// the same load again: nothing new, nothing logged twice
		JsonNode again = JsonMapper.builder().build().readTree(load(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).body());
		assertThat(again.get("recorded").asInt()).isZero();
		assertThat(again.get("unchanged").asInt()).isEqualTo(2);
		assertThat(logged("health insurance coverage recorded")).isEqualTo(1);
		assertThat(logged("health insurance coverage changed")).isZero();
		assertThat(this.sakura.send("GET", "B-1", null).body()).contains("\"version\":1");

		// ending, twice
		byte[] end = "{\"memberKey\":\"B-1\",\"end\":true}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(JsonMapper.builder().build().readTree(load(end).body()).get("ended").asInt()).isEqualTo(1);
		assertThat(JsonMapper.builder().build().readTree(load(end).body()).get("unchanged").asInt()).isEqualTo(1);
		assertThat(this.sakura.send("GET", "B-1", null).statusCode()).isEqualTo(404);

		// a load streams past the 1 MiB of other requests; a line over 16 KiB is refused on its own
		StringBuilder big = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			big.append(" ".repeat(16_000)).append('\n');
		}
		big.append("{\"memberKey\":\"").append("x".repeat(20_000)).append("\"}\n");
		big.append(line("B-9", member(this.number, "1984-04-02", "髙橋", "タカハシ", "0.3", null)));
		HttpResponse<String> streamed = load(big.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
		JsonNode streamedReport = JsonMapper.builder().build().readTree(streamed.body());
		assertThat(streamedReport.get("recorded").asInt()).isEqualTo(1);
		assertThat(streamedReport.get("errors").get(0).get("line").asInt()).isEqualTo(101);
		assertThat(streamedReport.get("errors").get(0).toString()).contains("line-too-long");

		// bytes that are not UTF-8
		HttpResponse<String> broken = load(new byte[] { '{', (byte) 0xC3, (byte) 0x28, '}', '\n' });
		assertThat(broken.statusCode()).isEqualTo(400);
		assertThat(broken.body()).contains("not-utf8");
	}

}
