package org.tsunagu.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TestApi.Response;
import org.tsunagu.TestEventLog;
import org.tsunagu.TsunaguTest;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TsunaguTest
class RegistryApiTest {

	@Autowired
	TestApi api;

	@Autowired
	TestEventLog events;

	@Autowired
	JdbcClient jdbc;

	@Test
	void enrolWhenValidThenCreatedWithNumberAssuranceAndNameByteForByte() {
		Response created = this.api.postJson("/api/v1/residents", TestResidents.katsuko());

		assertThat(created.status()).isEqualTo(201);
		JsonNode body = created.jsonBody();
		String id = body.get("id").asString();
		assertThat(UUID.fromString(id)).isNotNull();
		assertThat(created.header("Location")).isEqualTo("/api/v1/residents/" + id);
		String number = body.get("individualNumber").asString();
		assertThat(IndividualNumber.parse(number).reveal()).isEqualTo(number);
		assertThat(body.get("version").asInt()).isEqualTo(1);
		assertThat(body.at("/assurance/level").asString()).isEqualTo("IAL3");
		assertThat(body.at("/assurance/eidas").asString()).isEqualTo("high");
		assertThat(body.at("/name/given").asString().getBytes(StandardCharsets.UTF_8))
			.isEqualTo(TestResidents.KATSUKO.getBytes(StandardCharsets.UTF_8));

		Response read = this.api.get("/api/v1/residents/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.jsonBody().at("/name/given").asString()).isEqualTo(TestResidents.KATSUKO);
		assertThat(read.jsonBody().at("/name/family").asString()).isEqualTo("髙橋");
		assertThat(read.jsonBody().has("individualNumber")).isFalse();
		assertThat(read.header("ETag")).isEqualTo("\"1\"");
	}

	@Test
	void enrolWhenRemoteVideoEvidenceThenIal2Substantial() {
		JsonNode body = this.api.postJson("/api/v1/residents", TestResidents.taroRemote()).jsonBody();
		assertThat(body.at("/assurance/level").asString()).isEqualTo("IAL2");
		assertThat(body.at("/assurance/eidas").asString()).isEqualTo("substantial");
	}

	@Test
	void enrolWhenSameNameBirthDateAndAddressThenConflictNamingExistingUnlessConfirmed() {
		String body = TestResidents.katsukoAt("千代田9-" + UUID.randomUUID());
		String first = this.api.postJson("/api/v1/residents", body).jsonBody().get("id").asString();
		String spaced = body.replace("\"髙橋\"", "\"髙 橋\"");

		Response duplicate = this.api.postJson("/api/v1/residents", spaced);

		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.contentType()).startsWith("application/problem+json");
		assertThat(duplicate.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:possible-duplicate");
		assertThat(duplicate.jsonBody().get("existingResidentId").asString()).isEqualTo(first);

		Response confirmed = this.api.postJson("/api/v1/residents",
				body.replaceFirst("\\{", "{ \"confirmDifferentPerson\": true,"));
		assertThat(confirmed.status()).isEqualTo(201);
		assertThat(confirmed.jsonBody().get("id").asString()).isNotEqualTo(first);
	}

	@Test
	void searchWhenNumberInBodyThenResidentAndWhenUnknownThenNotFound() {
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		String number = enrolled.get("individualNumber").asString();

		Response found = this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":\"" + number + "\"}");
		assertThat(found.status()).isEqualTo(200);
		assertThat(found.jsonBody().get("id").asString()).isEqualTo(enrolled.get("id").asString());
		assertThat(found.jsonBody().get("numberStatus").asString()).isEqualTo("current");

		String unknown = IndividualNumber.random(new java.util.Random(7)).reveal();
		Response missing = this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":\"" + unknown + "\"}");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.jsonBody().get("detail").asString()).isEqualTo("A resident with this number was not found.");
		assertThat(missing.body()).doesNotContain(unknown);
	}

	@Test
	void eventsWhenAddressThenNameChangedThenNewVersionsAndFullHistory() {
		String id = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();

		Response moved = this.api.postJson("/api/v1/residents/" + id + "/events", """
				{ "type": "address-changed", "effectiveDate": "2026-04-01",
				  "address": { "country": "JP", "postalCode": "530-0001", "region": "大阪府", "locality": "大阪市北区",
				               "streetAddress": "梅田1-1" } }""");
		assertThat(moved.status()).isEqualTo(200);
		assertThat(moved.jsonBody().get("version").asInt()).isEqualTo(2);
		assertThat(moved.jsonBody().at("/address/region").asString()).isEqualTo("大阪府");

		Response renamed = this.api.postJson("/api/v1/residents/" + id + "/events", """
				{ "type": "name-changed", "name": { "family": "辻\uDB40\uDD00", "given": "葛\uDB40\uDD00子",
				  "familyReading": "ツジ", "givenReading": "カツコ", "latin": "TSUJI Katsuko" } }""");
		assertThat(renamed.jsonBody().get("version").asInt()).isEqualTo(3);

		JsonNode history = this.api.get("/api/v1/residents/" + id + "/history").jsonBody();
		assertThat(history.get("versions")).hasSize(3);
		assertThat(history.at("/versions/0/change").asString()).isEqualTo("enrolled");
		assertThat(history.at("/versions/0/record/address/region").asString()).isEqualTo("東京都");
		assertThat(history.at("/versions/1/change").asString()).isEqualTo("address-changed");
		assertThat(history.at("/versions/1/effectiveDate").asString()).isEqualTo("2026-04-01");
		assertThat(history.at("/versions/2/record/name/family").asString()).isEqualTo("辻\uDB40\uDD00");
		assertThat(history.at("/versions/2/recordedBy").asString()).startsWith("test-");
	}

	@Test
	void eventsWhenIfMatchIsStaleThenPreconditionFailedAndNothingChanges() {
		String id = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		String etag = this.api.get("/api/v1/residents/" + id).header("ETag");
		String move = "{ \"type\": \"address-changed\", \"address\": { \"country\": \"JP\", \"streetAddress\": \"梅田1-1\" } }";
		Response first = this.api.send(this.api.request("/api/v1/residents/" + id + "/events", this.api.operatorToken())
			.header("Content-Type", "application/json")
			.header("If-Match", etag)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(move)));
		assertThat(first.status()).isEqualTo(200);
		Response stale = this.api.send(this.api.request("/api/v1/residents/" + id + "/events", this.api.operatorToken())
			.header("Content-Type", "application/json")
			.header("If-Match", etag)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(move)));
		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:version-mismatch");
		assertThat(this.api.get("/api/v1/residents/" + id + "/history").jsonBody().get("versions")).hasSize(2);
		Response garbage = this.api.send(this.api.request("/api/v1/residents/" + id + "/number-reissue", this.api.operatorToken())
			.header("If-Match", "W/\"x\"")
			.POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
		assertThat(garbage.status()).isEqualTo(400);
	}

	@Test
	void eventsWhenDiedThenClosedToFurtherChanges() {
		String id = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();

		Response died = this.api.postJson("/api/v1/residents/" + id + "/events", "{ \"type\": \"died\", \"date\": \"2026-01-05\" }");
		assertThat(died.jsonBody().get("status").asString()).isEqualTo("deceased");
		assertThat(died.jsonBody().get("dateOfDeath").asString()).isEqualTo("2026-01-05");

		Response after = this.api.postJson("/api/v1/residents/" + id + "/events",
				"{ \"type\": \"emigrated\", \"date\": \"2026-02-01\", \"destinationCountry\": \"GB\" }");
		assertThat(after.status()).isEqualTo(409);
		assertThat(after.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:record-closed");
		assertThat(this.api.get("/api/v1/residents/" + id + "/history").jsonBody().get("versions")).hasSize(2);
	}

	@Test
	void eventsWhenEmigratedThenStatusAndDestination() {
		String id = this.api.postJson("/api/v1/residents", TestResidents.taroRemote()).jsonBody().get("id").asString();
		JsonNode emigrated = this.api.postJson("/api/v1/residents/" + id + "/events",
				"{ \"type\": \"emigrated\", \"date\": \"2026-02-01\", \"destinationCountry\": \"GB\" }").jsonBody();
		assertThat(emigrated.get("status").asString()).isEqualTo("emigrated");
		assertThat(emigrated.get("emigratedTo").asString()).isEqualTo("GB");
	}

	@Test
	void numberReissueWhenOldNumberLeakedThenNewNumberAndOldOneRetiredButStillFinds() {
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		String id = enrolled.get("id").asString();
		String old = enrolled.get("individualNumber").asString();

		Response reissued = this.api.postJson("/api/v1/residents/" + id + "/number-reissue", "");
		assertThat(reissued.status()).isEqualTo(200);
		String fresh = reissued.jsonBody().get("individualNumber").asString();
		assertThat(fresh).isNotEqualTo(old);
		assertThat(reissued.jsonBody().get("version").asInt()).isEqualTo(2);

		JsonNode byOld = this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":\"" + old + "\"}").jsonBody();
		assertThat(byOld.get("id").asString()).isEqualTo(id);
		assertThat(byOld.get("numberStatus").asString()).isEqualTo("retired");
		JsonNode byNew = this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":\"" + fresh + "\"}").jsonBody();
		assertThat(byNew.get("numberStatus").asString()).isEqualTo("current");
	}

	@Test
	void getWhenUnknownOrMalformedIdThenNotFoundProblem() {
		Response unknown = this.api.get("/api/v1/residents/" + UUID.randomUUID());
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(this.api.get("/api/v1/residents/not-a-uuid").status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/residents/" + UUID.randomUUID() + "/history").status()).isEqualTo(404);
	}

	@Test
	void enrolAndChangeWhenListenerExistsThenEventsPublishedThroughPersistentRegistry() {
		String id = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		this.api.postJson("/api/v1/residents/" + id + "/events", "{ \"type\": \"died\", \"date\": \"2026-01-05\" }");
		UUID residentId = UUID.fromString(id);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.events.received())
			.contains(new ResidentEnrolled(residentId, 1, "IAL3"))
			.anySatisfy((e) -> assertThat(e).isInstanceOfSatisfying(ResidentChanged.class,
					(c) -> assertThat(c.residentId().equals(residentId) && c.change().equals("died")).isTrue())));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(count("SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE :id", id))
				.isGreaterThanOrEqualTo(2L);
			assertThat(count("SELECT COUNT(*) FROM event_publication WHERE serialized_event LIKE :id"
					+ " AND completion_date IS NULL", id)).isZero();
		});
	}

	private long count(String sql, String id) {
		return this.jdbc.sql(sql).param("id", "%" + id + "%").query(Long.class).single();
	}

}
