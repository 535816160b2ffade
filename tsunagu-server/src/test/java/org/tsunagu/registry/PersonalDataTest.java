package org.tsunagu.registry;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tsunagu.TestApi;
import org.tsunagu.TestApi.Response;
import org.tsunagu.TsunaguTest;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The individual number never appears in plain text: not in any table, not in the logs, not in metrics, not in
 * an error answer.
 */
@TsunaguTest
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataTest {

	@Autowired
	TestApi api;

	@Autowired
	DataSource dataSource;

	@Test
	void databaseLogsAndMetricsWhenResidentsEnrolledAndSearchedThenNoNumberInPlainText(CapturedOutput output)
			throws Exception {
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
			String number = enrolled.get("individualNumber").asString();
			numbers.add(number);
			this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":\"" + number + "\"}");
			this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":\"" + number + "x\"}");
			this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":" + number + "}");
			this.api.postJson("/api/v1/residents/" + enrolled.get("id").asString() + "/number-reissue", "");
		}
		String wrongDigit = numbers.get(0).substring(0, 11) + ((numbers.get(0).charAt(11) - '0' + 1) % 10);
		Response refused = this.api.postJson("/api/v1/residents/search", "{\"individualNumber\":\"" + wrongDigit + "\"}");
		assertThat(refused.body()).doesNotContain(wrongDigit);
		numbers.add(wrongDigit);

		String dump = dumpDatabase();
		String metrics = this.api.send(this.api.request("/actuator/prometheus", null).GET()).body();
		assertThat(dump).contains("髙橋");
		for (String number : numbers) {
			assertThat(dump).doesNotContain(number);
			assertThat(output.getAll()).doesNotContain(number);
			assertThat(metrics).doesNotContain(number);
		}
	}

	@Test
	void numberOrIdPutInTheAddressThenNeitherAnswerNorLogRepeatsIt(CapturedOutput output) {
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		String number = enrolled.get("individualNumber").asString();
		String id = enrolled.get("id").asString();
		// an address no controller has, one whose id is not a UUID, and one that names a real resident
		Response unmatched = this.api.get("/api/v1/residents/by-number/" + number);
		Response notUuid = this.api.get("/api/v1/residents/" + number);
		Response found = this.api.get("/api/v1/residents/" + id);
		assertThat(unmatched.status()).isEqualTo(404);
		assertThat(notUuid.status()).isEqualTo(404);
		assertThat(found.status()).isEqualTo(200);
		for (Response refused : List.of(unmatched, notUuid)) {
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.body()).doesNotContain(number).doesNotContain("by-number");
		}
		assertThat(output.getAll()).doesNotContain(number).doesNotContain(id);
		// the access log still says what was asked, by route
		assertThat(output.getAll()).contains("GET /api/v1/residents/{id} 200").contains("GET /api/v1/… 404");

		// nor when sent as a field name, a request id, or to an address that takes another method or media type
		Response field = this.api.postJson("/api/v1/residents/search", "{\"" + number + "\":1}");
		assertThat(field.status()).isEqualTo(400);
		assertThat(field.body()).doesNotContain(number).contains("\"/*\"");
		Response traced = this.api.send(this.api.request("/api/v1/residents/" + id, this.api.operatorToken())
			.header("X-Request-Id", "req-" + number)
			.GET());
		assertThat(traced.header("X-Request-Id")).doesNotContain(number);
		Response method = this.api.send(this.api.request("/api/v1/residents/" + id + "/cards", this.api.operatorToken())
			.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(method.status()).isEqualTo(405);
		assertThat(method.contentType()).startsWith("application/problem+json");
		Response media = this.api.post("/api/v1/residents/search", "text/x-" + number,
				java.net.http.HttpRequest.BodyPublishers.ofString("x"), this.api.operatorToken());
		assertThat(media.status()).isEqualTo(415);
		for (Response refused : List.of(method, media)) {
			assertThat(refused.body()).doesNotContain(number).doesNotContain(id).doesNotContain("PATCH")
				.doesNotContain("urn:tsunagu:request:unknown");
		}
		assertThat(output.getAll()).doesNotContain(number);
	}

	/** Every row of every table of the schema, each value as text, and each binary value as text and as hex. */
	private String dumpDatabase() throws Exception {
		StringBuilder dump = new StringBuilder();
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData meta = connection.getMetaData();
			List<String> tables = new ArrayList<>();
			try (ResultSet rs = meta.getTables(connection.getCatalog(), connection.getSchema(), "%", new String[] { "TABLE" })) {
				while (rs.next()) {
					tables.add(rs.getString("TABLE_NAME"));
				}
			}
			assertThat(tables).contains("resident", "resident_version", "individual_number", "event_publication");
			try (Statement statement = connection.createStatement()) {
				for (String table : tables) {
					try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
						int columns = rows.getMetaData().getColumnCount();
						while (rows.next()) {
							for (int c = 1; c <= columns; c++) {
								Object value = rows.getObject(c);
								if (value instanceof byte[] bytes) {
									dump.append(new String(bytes, StandardCharsets.ISO_8859_1)).append(HexFormat.of().formatHex(bytes));
								}
								else {
									dump.append(rows.getString(c));
								}
								dump.append('|');
							}
						}
					}
				}
			}
		}
		return dump.toString();
	}

}
