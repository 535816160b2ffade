package org.tsunagu.registry;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TestApi.Response;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.demo.SyntheticPopulation;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TsunaguTest
class ResidentImportTest {

	@Autowired
	TestApi api;

	@Test
	void importWhenGoodAndBadLinesThenGoodEnrolledAndEachBadLineReportedWithPointer() {
		String prefix = "t-" + UUID.randomUUID() + "-";
		SyntheticPopulation population = new SyntheticPopulation(1, prefix);
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 2500; i++) {
			lines.append(population.nextLine()).append('\n');
		}
		lines.append("{ not json\n");
		lines.append(population.nextLine().replace("\"birthDate\":\"", "\"birthDate\":\"1999-02-30\",\"x\":\"")).append('\n');
		lines.append(population.nextLine().replace("\"externalReference\":\"" + prefix, "\"externalReference\":\"" + prefix + "bad ref ")).append('\n');
		lines.append("\n");
		lines.append("{\"name\":{\"family\":\"" + "あ".repeat(30_000) + "\"}}\n");

		JsonNode job = finished(submit(lines.toString()));

		assertThat(job.at("/job/status").asString()).isEqualTo("completed");
		assertThat(job.at("/job/linesRead").asLong()).isEqualTo(2505);
		assertThat(job.at("/job/enrolled").asLong()).isEqualTo(2500);
		assertThat(job.at("/job/failed").asLong()).isEqualTo(4);
		assertThat(job.get("errors").findValuesAsString("pointer")).contains("", "/birthDate", "/externalReference");
		assertThat(job.get("errors").findValues("line").stream().map(JsonNode::asLong)).contains(2501L, 2502L, 2503L, 2505L);
	}

	@Test
	void importWhenSameFileTwiceThenSecondEnrolsNobody() {
		String prefix = "t-" + UUID.randomUUID() + "-";
		SyntheticPopulation population = new SyntheticPopulation(2, prefix);
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 50; i++) {
			lines.append(population.nextLine()).append('\n');
		}
		JsonNode first = finished(submit(lines.toString()));
		JsonNode second = finished(submit(lines.toString()));
		assertThat(first.at("/job/enrolled").asLong()).isEqualTo(50);
		assertThat(second.at("/job/enrolled").asLong()).isZero();
		assertThat(second.at("/job/skipped").asLong()).isEqualTo(50);
	}

	@Test
	void importWhenLineMatchesEnrolledResidentThenReportedAsPossibleDuplicate() {
		String street = "千代田7-" + UUID.randomUUID();
		this.api.postJson("/api/v1/residents", TestResidents.katsukoAt(street));
		String line = TestResidents.katsukoAt(street).replace("\n", " ")
			.replaceFirst("\\{", "{ \"externalReference\": \"dup-" + UUID.randomUUID() + "\",");
		JsonNode job = finished(submit(line + "\n"));
		assertThat(job.at("/job/failed").asLong()).isEqualTo(1);
		assertThat(job.at("/errors/0/detail").asString()).contains("same name, birth date and address");
	}

	@Test
	void importWhenWrongContentTypeOrEmptyThenProblem() {
		Response wrong = this.api.post("/api/v1/residents/import", "application/json", BodyPublishers.ofString("{}"),
				this.api.operatorToken());
		assertThat(wrong.status()).isEqualTo(415);
		assertThat(wrong.contentType()).startsWith("application/problem+json");
		Response empty = this.api.post("/api/v1/residents/import", "application/x-ndjson", BodyPublishers.noBody(),
				this.api.operatorToken());
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.contentType()).startsWith("application/problem+json");
	}

	@Test
	void reportWhenUnknownJobThenNotFound() {
		assertThat(this.api.get("/api/v1/imports/" + UUID.randomUUID()).status()).isEqualTo(404);
	}

	private String submit(String body) {
		Response accepted = this.api.post("/api/v1/residents/import", "application/x-ndjson",
				BodyPublishers.ofString(body), this.api.operatorToken());
		assertThat(accepted.status()).isEqualTo(202);
		assertThat(accepted.header("Location")).startsWith("/api/v1/imports/");
		return accepted.header("Location");
	}

	private JsonNode finished(String location) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			last[0] = this.api.get(location).jsonBody();
			String status = last[0].at("/job/status").asString();
			return status.equals("completed") || status.equals("failed");
		});
		return last[0];
	}

}
