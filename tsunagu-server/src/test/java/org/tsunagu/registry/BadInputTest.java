package org.tsunagu.registry;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TestApi.Response;
import org.tsunagu.TsunaguTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule for bad input: a clear problem+json answer with the pointer of the bad field, and nothing written. */
@TsunaguTest
class BadInputTest {

	@Autowired
	TestApi api;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcClient jdbc;

	private long residentsBefore;

	private long versionsBefore;

	@BeforeEach
	void countRows() {
		this.residentsBefore = count("resident");
		this.versionsBefore = count("resident_version");
	}

	@AfterEach
	void nothingWritten() {
		assertThat(count("resident")).isEqualTo(this.residentsBefore);
		assertThat(count("resident_version")).isEqualTo(this.versionsBefore);
	}

	@Test
	void enrolWhenMalformedJsonThenBadRequestAtRoot() {
		assertProblem(this.api.postJson("/api/v1/residents", "{ \"name\": { \"family\": "), 400, "validation", "");
	}

	@Test
	void enrolWhenUnknownFieldThenBadRequestPointingAtIt() {
		assertProblem(this.api.postJson("/api/v1/residents", with("nickname", "\"Kat\"")), 400, "validation",
				"/nickname");
	}

	@Test
	void enrolWhenUnknownNestedFieldThenPointerIntoTheObject() {
		String body = TestResidents.katsuko().replace("\"latin\":", "\"middle\": \"x\", \"latin\":");
		assertProblem(this.api.postJson("/api/v1/residents", body), 400, "validation", "/name/middle");
	}

	@Test
	void enrolWhenImpossibleDateThenBadRequestAtBirthDate() {
		assertProblem(this.api.postJson("/api/v1/residents", with("birthDate", "\"2023-02-30\"")), 400, "validation",
				"/birthDate");
	}

	@Test
	void enrolWhenBirthDateInTheFutureThenBadRequest() {
		assertProblem(this.api.postJson("/api/v1/residents", with("birthDate", "\"2999-01-01\"")), 400, "validation",
				"/birthDate");
	}

	@Test
	void enrolWhenNameOver200CharactersThenBadRequestAtFamilyName() {
		String body = TestResidents.katsuko().replace("\"髙橋\"", "\"" + "髙".repeat(201) + "\"");
		assertProblem(this.api.postJson("/api/v1/residents", body), 400, "validation", "/name/family");
	}

	@Test
	void enrolWhenControlCharacterOrLoneSurrogateInNameThenBadRequest() {
		String control = TestResidents.katsuko().replace("\"髙橋\"", "\"髙\\u0000橋\"");
		assertProblem(this.api.postJson("/api/v1/residents", control), 400, "validation", "/name/family");
		String surrogate = TestResidents.katsuko().replace("\"髙橋\"", "\"髙\\ud842橋\"");
		assertProblem(this.api.postJson("/api/v1/residents", surrogate), 400, "validation", "/name/family");
	}

	@Test
	void enrolWhenReadingNotKatakanaThenBadRequest() {
		String body = TestResidents.katsuko().replace("\"タカハシ\"", "\"Takahashi\"");
		assertProblem(this.api.postJson("/api/v1/residents", body), 400, "validation", "/name/familyReading");
	}

	@Test
	void enrolWhenSeveralFieldsBadThenEveryPointerListed() {
		ObjectNode body = (ObjectNode) this.json.readTree(TestResidents.katsuko());
		body.put("sex", "unknown");
		((ObjectNode) body.get("address")).put("postalCode", "1000001");
		body.putArray("evidence");
		JsonNode problem = this.api.postJson("/api/v1/residents", body.toString()).jsonBody();
		assertThat(problem.get("errors").findValuesAsString("pointer")).containsExactlyInAnyOrder("/sex",
				"/address/postalCode", "/evidence");
	}

	@Test
	void enrolWhenEvidenceMethodUnknownThenPointerIntoTheList() {
		String body = TestResidents.katsuko().replace("\"in-person\"", "\"telepathy\"");
		assertProblem(this.api.postJson("/api/v1/residents", body), 400, "validation", "/evidence/0/method");
	}

	@Test
	void enrolWhenWrongTypeThenBadRequestAtField() {
		assertProblem(this.api.postJson("/api/v1/residents", with("birthDate", "19840402")), 400, "validation",
				"/birthDate");
	}

	@Test
	void searchWhenWrongCheckDigitThenBadRequestWithoutEchoingTheNumber() {
		Response response = this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":\"123456789017\"}");
		assertProblem(response, 400, "validation", "/individualNumber");
		assertThat(response.body()).doesNotContain("123456789017").contains("check digit");
	}

	@Test
	void searchWhenWrongLengthThenBadRequest() {
		Response response = this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":\"12345678901\"}");
		assertProblem(response, 400, "validation", "/individualNumber");
		assertThat(response.body()).contains("12 digits");
	}

	@Test
	void enrolWhenBodyOver1MiBThenContentTooLarge() {
		String padding = " ".repeat(1024 * 1024 + 10);
		assertProblem(this.api.postJson("/api/v1/residents", TestResidents.katsuko() + padding), 413,
				"payload-too-large", null);
	}

	@Test
	void enrolWhenChunkedBodyOver1MiBThenContentTooLarge() {
		byte[] big = ("{\"name\":{\"family\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}}").getBytes(StandardCharsets.UTF_8);
		Response response = this.api.post("/api/v1/residents", "application/json",
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), this.api.operatorToken());
		assertProblem(response, 413, "payload-too-large", null);
	}

	@Test
	void enrolWhenAMemberIsNamedTwiceThenDuplicateKey() {
		String body = TestResidents.katsuko().replaceFirst("\\{", "{\"birthDate\":\"1990-01-01\",");
		assertProblem(this.api.postJson("/api/v1/residents", body), 400, "duplicate-key", "");
	}

	@Test
	void enrolWhenNestedTooDeepThenBadRequest() {
		String body = TestResidents.katsuko().replaceFirst("\\{", "{\"extra\":" + "[".repeat(65) + "]".repeat(65) + ",");
		assertProblem(this.api.postJson("/api/v1/residents", body), 400, "validation", "");
	}

	@Test
	void enrolWhenWrongContentTypeThenUnsupportedMediaType() {
		Response response = this.api.post("/api/v1/residents", "text/plain",
				BodyPublishers.ofString(TestResidents.katsuko()), this.api.operatorToken());
		assertProblem(response, 415, "unsupported-media-type", null);
	}

	@Test
	void enrolWhenNoBodyThenBadRequest() {
		assertProblem(this.api.postJson("/api/v1/residents", ""), 400, "validation", "");
	}

	@Test
	void eventWhenUnknownTypeOrForeignFieldThenBadRequest() {
		String id = java.util.UUID.randomUUID().toString();
		assertProblem(this.api.postJson("/api/v1/residents/" + id + "/events", "{ \"type\": \"married\" }"), 400,
				"validation", "/type");
		assertProblem(this.api.postJson("/api/v1/residents/" + id + "/events",
				"{ \"type\": \"died\", \"date\": \"2026-01-01\", \"address\": { \"country\": \"JP\" } }"), 400,
				"validation", "/address");
	}

	private String with(String field, String rawJson) {
		ObjectNode body = (ObjectNode) this.json.readTree(TestResidents.katsuko());
		body.set(field, this.json.readTree(rawJson));
		return body.toString();
	}

	private static void assertProblem(Response response, int status, String type, String pointer) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode body = response.jsonBody();
		assertThat(body.get("type").asString()).isEqualTo("urn:tsunagu:problem:" + type);
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("detail").asString()).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
		if (pointer != null) {
			assertThat(body.get("errors").findValuesAsString("pointer")).contains(pointer);
		}
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

}
