package org.tsunagu.platform;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jackson's and Tomcat's multipart CVEs, tried against the server's real endpoints: deep JSON, a parse error's
 * detail, and multipart bodies no endpoint takes.
 */
@TsunaguTest
class CveJacksonMultipartTest {

	@Autowired
	TestApi api;

	@Test
	@DisplayName("CVE-2020-36518, CVE-2025-52999, CVE-2022-42003 (Jackson): objects and arrays nested 20,000 deep are refused at once with 400, never a stack overflow")
	void jsonWhenNestedDeeplyThenRefusedQuickly() {
		for (String body : new String[] { "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000),
				"[".repeat(20_000) + "]".repeat(20_000),
				"{\"familyName\":" + "[".repeat(20_000) + "\"x\"" + "]".repeat(20_000) + "}" }) {
			long start = System.nanoTime();
			TestApi.Response answer = this.api.postJson("/api/v1/residents", body);
			assertThat(answer.status()).as(answer.body()).isEqualTo(400);
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	@DisplayName("CVE-2025-49128 (Jackson): a parse error's answer does not echo the input around the error")
	void jsonWhenMalformedThenTheAnswerEchoesNothing() {
		TestApi.Response answer = this.api.postJson("/api/v1/residents",
				"{\"familyName\":\"SECRET-123456789012\", \"givenName\": SECRET-987 }");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body()).doesNotContain("SECRET").doesNotContain("123456789012");
	}

	@Test
	@DisplayName("CVE-2023-24998, CVE-2025-48988, CVE-2025-48976, CVE-2025-52520, CVE-2025-61795 (Tomcat multipart): 10,000 parts, a 1 MiB part header, a part announcing 2^63 bytes are never parsed or spooled: 4xx, and no file is left behind")
	void multipartWhenHostileThenNeverParsed() throws IOException {
		Path temp = Path.of(System.getProperty("java.io.tmpdir"));
		long before = uploads(temp);
		StringBuilder parts = new StringBuilder();
		for (int i = 0; i < 10_000; i++) {
			parts.append("--b\r\nContent-Disposition: form-data; name=\"p").append(i).append("\"\r\n\r\nx\r\n");
		}
		String[] bodies = { parts + "--b--\r\n",
				"--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\nX-Long: " + "h".repeat(1 << 20) + "\r\n\r\nx\r\n--b--\r\n",
				"--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\nContent-Length: 9223372036854775807\r\n\r\nx\r\n--b--\r\n" };
		for (String path : new String[] { "/api/v1/residents/import", "/console/signin", "/signin/consent" }) {
			for (String body : bodies) {
				TestApi.Response answer = this.api.post(path, "multipart/form-data; boundary=b", BodyPublishers.ofString(body),
						this.api.operatorToken());
				assertThat(answer.status()).as(path + ": " + answer.body()).isBetween(400, 499);
			}
		}
		assertThat(uploads(temp)).isEqualTo(before);
	}

	private static long uploads(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter((f) -> f.getFileName().toString().startsWith("upload_")).count();
		}
	}

}
