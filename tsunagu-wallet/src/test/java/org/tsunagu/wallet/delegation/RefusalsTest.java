package org.tsunagu.wallet.delegation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform's refusals in its own words. */
class RefusalsTest {

	@Test
	void ofWhenValidationProblemThenFirstFieldsDetail() {
		assertThat(Refusals.of(400, """
				{"type":"urn:tsunagu:problem:validation","status":400,"detail":"2 fields are not valid; see errors for each.",
				 "errors":[{"pointer":"/validUntil","detail":"A mandate lasts at most a year."},
				           {"pointer":"/proxy","detail":"A proxy is an adult."}]}"""))
			.isEqualTo("A mandate lasts at most a year.");
	}

	@Test
	void ofWhenProblemWithoutErrorsThenItsDetail() {
		assertThat(Refusals.of(422, """
				{"type":"urn:tsunagu:problem:signature-not-valid","status":422,
				 "detail":"The signature is not a valid signature of this mandate's document by your card's signing key."}"""))
			.isEqualTo("The signature is not a valid signature of this mandate's document by your card's signing key.");
	}

	@Test
	void ofWhenNoProblemThenTheStatus() {
		assertThat(Refusals.of(502, "<html>Bad gateway</html>")).isEqualTo("HTTP 502");
		assertThat(Refusals.of(500, "")).isEqualTo("HTTP 500");
		assertThat(Refusals.of(409, "{}")).isEqualTo("HTTP 409");
	}

}
