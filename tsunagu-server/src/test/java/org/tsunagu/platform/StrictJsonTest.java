package org.tsunagu.platform;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Each rule the server reads JSON by, and the 400 problem a body breaking it is answered with. */
class StrictJsonTest {

	private final JsonMapper json = StrictJson.mapper();

	@Test
	void readWhenNestedDeeperThan64LevelsThenRefusedWith400() {
		assertThat(this.json.readTree(nested(StrictJson.MAX_DEPTH)).isObject()).isTrue();
		String body = nested(StrictJson.MAX_DEPTH + 1);
		assertThat(refusal(body.getBytes(StandardCharsets.UTF_8))).satisfies((problem) -> {
			assertThat(problem.getStatus()).isEqualTo(400);
			assertThat(problem.getType()).hasToString("urn:tsunagu:problem:validation");
			assertThat(problem.getDetail()).contains("64 levels");
		});
	}

	@Test
	void readWhenAMemberIsNamedTwiceThenRefusedWith400DuplicateKey() {
		ProblemDetail problem = refusal("{\"family\":\"髙橋\",\"given\":\"葛子\",\"family\":\"高橋\"}"
			.getBytes(StandardCharsets.UTF_8));
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getType()).hasToString("urn:tsunagu:problem:duplicate-key");
		// the name is not quoted back: a caller may send personal data as a name
		assertThat(problem.getDetail()).doesNotContain("family");
	}

	@Test
	void readWhenANumberHas1000DigitsThenRefusedWith400() {
		ProblemDetail problem = refusal(("{\"copayRatio\":" + "9".repeat(1000) + "}").getBytes(StandardCharsets.UTF_8));
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getType()).hasToString("urn:tsunagu:problem:validation");
		assertThat(problem.getDetail()).contains("100 digits").doesNotContain("9999");
	}

	@Test
	void readWhenTheBodyIsNotUtf8ThenRefusedWith400() {
		byte[] body = { '{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		ProblemDetail problem = refusal(body);
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getType()).hasToString("urn:tsunagu:problem:validation");
		assertThat(problem.getDetail()).contains("UTF-8");
	}

	@Test
	void readWhenWithinEveryLimitThenRead() {
		Map<String, Object> read = this.json.readValue(("{\"n\":" + "9".repeat(StrictJson.MAX_NUMBER_DIGITS) + ",\"s\":\"葛子\"}")
			.getBytes(StandardCharsets.UTF_8), new TypeReference<Map<String, Object>>() {
		});
		assertThat(read).containsKeys("n", "s");
	}

	@Test
	void readWhenLongerThan1MiBThenRefusedButAsTheServersOwnAnswerRead() {
		String body = "{\"names\":[" + "\"葛子\",".repeat(150_000) + "1]}";
		assertThat(refusal(body.getBytes(StandardCharsets.UTF_8)).getDetail()).contains("longer than 1 MiB");
		assertThat(StrictJson.answers().readTree(body).get("names").size()).isEqualTo(150_001);
	}

	private static String nested(int depth) {
		return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
	}

	private ProblemDetail refusal(byte[] body) {
		Throwable failure = catchThrowable(() -> this.json.readValue(body, Map.class));
		assertThat(failure).isInstanceOf(JacksonException.class);
		return JsonViolations.problem(failure).getBody();
	}

}
