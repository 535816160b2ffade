package org.tsunagu.operator;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TestApi.Response;
import org.tsunagu.TsunaguTest;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@TsunaguTest
class OperatorAuthenticationTest {

	@Autowired
	TestApi api;

	@Autowired
	TsunaguProperties properties;

	@Autowired
	JdbcClient jdbc;

	@Test
	void callWhenNoTokenThenUnauthorizedProblemWithChallenge() {
		Response response = this.api.send(this.api.request("/api/v1/residents/search", null)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{}")));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:unauthenticated");
	}

	@Test
	void callWhenWrongTokenThenUnauthorizedInvalidToken() {
		Response response = this.api.send(this.api.request("/api/v1/residents/" + java.util.UUID.randomUUID(),
				"tsu_op_not-a-real-token").GET());
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	@Test
	void enrolWhenOnlyReadRoleThenForbiddenAndNothingWritten() {
		long before = this.jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single();
		String reader = this.api.tokenWith(OperatorRole.REGISTRY_READ);
		Response response = this.api.post("/api/v1/residents", "application/json",
				BodyPublishers.ofString(TestResidents.katsuko()), reader);
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.jsonBody().get("type").asString()).isEqualTo("urn:tsunagu:problem:forbidden");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void readWhenOnlyWriteRoleThenForbiddenAndWhenReadRoleThenAllowed() {
		String id = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		String writer = this.api.tokenWith(OperatorRole.REGISTRY_WRITE);
		String reader = this.api.tokenWith(OperatorRole.REGISTRY_READ);
		assertThat(this.api.send(this.api.request("/api/v1/residents/" + id, writer).GET()).status()).isEqualTo(403);
		assertThat(this.api.send(this.api.request("/api/v1/residents/" + id, reader).GET()).status()).isEqualTo(200);
	}

	@Test
	void bootstrapWhenFirstStartThenTokenFileOwnerOnlyAndItHoldsEveryRole() throws Exception {
		Path file = this.properties.dataDir().resolve("operator-token");
		assertThat(file).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		String token = Files.readString(file).strip();

		Response enrolled = this.api.post("/api/v1/residents", "application/json",
				BodyPublishers.ofString(TestResidents.katsuko()), token);
		assertThat(enrolled.status()).isEqualTo(201);
		assertThat(this.api.send(this.api.request(enrolled.header("Location"), token).GET()).status()).isEqualTo(200);

		byte[] stored = this.jdbc.sql("SELECT token_hash FROM operator_credential WHERE name = 'bootstrap'")
			.query(byte[].class)
			.single();
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(token);
		assertThat(stored).hasSize(32);
	}

}
