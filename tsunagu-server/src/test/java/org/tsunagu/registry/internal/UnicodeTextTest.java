package org.tsunagu.registry.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.TestResidents;

import static org.assertj.core.api.Assertions.assertThat;

class UnicodeTextTest {

	@Test
	void textWhenVariationSequenceThenKeptByteForByte() {
		Violations v = new Violations();
		String kept = RecordRules.text(TestResidents.KATSUKO, "/name/given", true, v);
		assertThat(v.isEmpty()).isTrue();
		assertThat(kept.getBytes(StandardCharsets.UTF_8)).isEqualTo(TestResidents.KATSUKO.getBytes(StandardCharsets.UTF_8));
		assertThat(kept.codePoints().toArray()).containsExactly(0x845B, 0xE0100, 0x5B50);
	}

	@Test
	void textWhenDecomposedKanaThenNormalisedToNfc() {
		Violations v = new Violations();
		assertThat(RecordRules.text("ガ", "/x", true, v)).isEqualTo("ガ");
	}

	@Test
	void textWhenSupplementaryIdeographThenAccepted() {
		assertThat(UnicodeText.problem("\uD842\uDFB7田", 200)).isNull();
		assertThat(UnicodeText.problem("山﨑", 200)).isNull();
	}

	@Test
	void problemWhenControlCharacterThenRefused() {
		assertThat(UnicodeText.problem("山\u0007田", 200)).contains("control character");
	}

	@Test
	void problemWhenUnassignedCodePointThenRefused() {
		assertThat(UnicodeText.problem("山\u0378田", 200)).contains("unassigned");
	}

	@Test
	void problemWhenUnpairedSurrogateThenRefused() {
		assertThat(UnicodeText.problem("山\uD842田", 200)).contains("unpaired surrogate");
		assertThat(UnicodeText.problem("\uDFB7田", 200)).contains("unpaired surrogate");
	}

	@Test
	void problemWhenBidiOverrideOrPrivateUseThenRefused() {
		assertThat(UnicodeText.problem("山\u202E田", 200)).contains("formatting");
		assertThat(UnicodeText.problem("山\uE000田", 200)).contains("private-use");
	}

	@Test
	void problemWhenCompatibilityIdeographThatNfcWouldChangeThenRefused() {
		assertThat(UnicodeText.problem("\uFA30", 200)).contains("compatibility ideograph");
	}

	@Test
	void problemWhenOver200CharactersThenRefused() {
		assertThat(UnicodeText.problem("あ".repeat(200), 200)).isNull();
		assertThat(UnicodeText.problem("あ".repeat(201), 200)).contains("longer than 200");
		// 200 supplementary characters are 400 UTF-16 units but 200 characters
		assertThat(UnicodeText.problem("\uD842\uDFB7".repeat(200), 200)).isNull();
	}

	@Test
	void matchFormWhenSpacingCaseOrSelectorDiffersThenEqual() {
		assertThat(UnicodeText.matchForm("葛\uDB40\uDD00 子")).isEqualTo(UnicodeText.matchForm("葛子"));
		assertThat(UnicodeText.matchForm("Takahashi")).isEqualTo(UnicodeText.matchForm("ＴＡＫＡＨＡＳＨＩ"));
	}

}
