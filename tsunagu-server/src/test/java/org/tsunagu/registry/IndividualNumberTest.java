package org.tsunagu.registry;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndividualNumberTest {

	@Test
	void checkDigitWhenSpecExampleThenEight() {
		assertThat(IndividualNumber.checkDigit("12345678901")).isEqualTo(8);
		assertThat(IndividualNumber.parse("123456789018").reveal()).isEqualTo("123456789018");
	}

	@Test
	void checkDigitWhenRemainderIsZeroOrOneThenZero() {
		// 00000000001: sum 2, r = 2 -> 9; 00000000006: sum 12, r = 1 -> 0; 0000000000x with sum 11: r = 0 -> 0
		assertThat(IndividualNumber.checkDigit("00000000001")).isEqualTo(9);
		assertThat(IndividualNumber.checkDigit("00000000006")).isEqualTo(0);
		assertThat(IndividualNumber.checkDigit("00000000000")).isEqualTo(0);
		assertThat(IndividualNumber.checkDigit("00000100002")).isEqualTo(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "123456789017", "123456789019", "12345678901", "1234567890188", "12345678901a",
			"１２３４５６７８９０１８", "" })
	void parseWhenNotAValidNumberThenThrowsWithoutQuotingIt(String text) {
		assertThatThrownBy(() -> IndividualNumber.parse(text)).isInstanceOf(InvalidIndividualNumberException.class)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("12345678901"));
	}

	@Test
	void parseWhenNullThenThrows() {
		assertThatThrownBy(() -> IndividualNumber.parse(null)).isInstanceOf(InvalidIndividualNumberException.class);
	}

	@Test
	void randomWhenDrawnManyTimesThenAlwaysValidAndNotSequential() {
		SecureRandom random = new SecureRandom();
		Set<String> seen = new HashSet<>();
		String previous = null;
		for (int i = 0; i < 10_000; i++) {
			String digits = IndividualNumber.random(random).reveal();
			assertThat(IndividualNumber.parse(digits).reveal()).isEqualTo(digits);
			if (previous != null) {
				assertThat(Long.parseLong(digits.substring(0, 11)) - Long.parseLong(previous.substring(0, 11)))
					.isNotEqualTo(1L);
			}
			previous = digits;
			seen.add(digits);
		}
		assertThat(seen).hasSizeGreaterThan(9_990);
	}

	@Test
	void toStringWhenCalledThenHidesDigits() {
		IndividualNumber number = IndividualNumber.parse("123456789018");
		assertThat(number.toString()).doesNotContain("123456789018").contains("redacted");
		assertThat(number).isEqualTo(IndividualNumber.parse("123456789018"));
	}

}
