package org.tsunagu.platform.internal;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's loop allows exactly what Spring Security's regular expression allows. */
class RequestFirewallTest {

	/** Spring Security's default rule for header names and values and parameter names. */
	private static final Pattern SPRING = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@Test
	void everyCodePointAloneAndInContextIsJudgedAsTheExpressionJudgesIt() {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String alone = Character.toString(codePoint);
			String inside = "DPoP eyJ" + alone + "abc";
			assertThat(RequestFirewall.assignedAndNotControl(alone)).as("U+%04X", codePoint)
				.isEqualTo(SPRING.matcher(alone).matches());
			assertThat(RequestFirewall.assignedAndNotControl(inside)).as("U+%04X inside", codePoint)
				.isEqualTo(SPRING.matcher(inside).matches());
		}
	}

	@Test
	void unpairedSurrogatesAndRandomStringsAreJudgedAsTheExpressionJudgesThem() {
		assertThat(RequestFirewall.assignedAndNotControl("a\uD800")).isEqualTo(SPRING.matcher("a\uD800").matches());
		assertThat(RequestFirewall.assignedAndNotControl("\uDC00b")).isEqualTo(SPRING.matcher("\uDC00b").matches());
		SplittableRandom random = new SplittableRandom(9449);
		for (int i = 0; i < 20_000; i++) {
			char[] chars = new char[random.nextInt(1, 12)];
			for (int j = 0; j < chars.length; j++) {
				// mostly ASCII, with controls, Latin-1, unassigned and surrogate characters among them
				chars[j] = (char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x100));
			}
			String value = new String(chars);
			assertThat(RequestFirewall.assignedAndNotControl(value)).as("%s", value.chars().mapToObj(Integer::toHexString).toList())
				.isEqualTo(SPRING.matcher(value).matches());
		}
		assertThat(RequestFirewall.assignedAndNotControl("")).isTrue();
		assertThat(RequestFirewall.assignedAndNotControl("tab\there")).isFalse();
		assertThat(RequestFirewall.assignedAndNotControl("next\u0085line")).isFalse();
		assertThat(RequestFirewall.assignedAndNotControl("unassigned\u0378")).isFalse();
	}

}
