package org.tsunagu.wallet.delegation;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.tsunagu.wallet.WalletException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mandate's document: read from the bytes that are signed, shown in lines, refused when it is not one. */
class MandateDocumentTest {

	@Test
	void parseWhenDraftedDocumentThenBytesKeptExactly() {
		MandateDocument document = MandateDocument.parse(TestMandates.ID, TestMandates.document());
		assertThat(document.bytes()).isEqualTo(TestMandates.document());
		assertThat(document.id()).isEqualTo(TestMandates.ID);
		assertThat(document.serviceIds()).containsExactly("sakura-cid");
		assertThat(document.claims()).containsExactly("profile", "birthdate");
		assertThat(document.validUntil()).isEqualTo("2026-11-01");
	}

	@Test
	void linesWhenDraftedDocumentThenWhoToWhomWhereWhatAndDays() {
		assertThat(MandateDocument.parse(TestMandates.ID, TestMandates.document()).lines()).containsExactly(
				"The mandate you are about to sign (" + TestMandates.ID + "):",
				"  given by:   髙橋 葛\uDB40\uDD00子 (you)",
				"  to:         NGUYEN Thi Lan, who may then act for you",
				"  at:         Sakura Bank (sakura-cid)",
				"  releasing:  profile, birthdate",
				"  from:       2026-05-01",
				"  until:      2026-11-01 (the last day it holds)",
				"You can withdraw it at any time with mandate-end.");
	}

	@Test
	void linesWhenNamesCarryTerminalControlsThenTakenOut() {
		String hidden = TestMandates.DOCUMENT.replace("NGUYEN Thi Lan", "NGUYEN\\u001b[2K\\u202e Thi Lan");
		assertThat(MandateDocument.parse(TestMandates.ID, hidden.getBytes(StandardCharsets.UTF_8)).lines())
			.contains("  to:         NGUYEN [2K  Thi Lan, who may then act for you")
			.noneMatch((line) -> line.contains("\u001b") || line.contains("\u202e"));
	}

	@Test
	void parseWhenNotJsonOrNotAMandateThenNothingSigned() {
		assertThatThrownBy(() -> MandateDocument.parse(TestMandates.ID, "not json".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(WalletException.class)
			.hasMessage("The server sent a document that is not a mandate; nothing was signed.");
		assertThatThrownBy(() -> MandateDocument.parse(TestMandates.ID,
				TestMandates.DOCUMENT.replace("tsunagu-mandate", "tsunagu-contract").getBytes(StandardCharsets.UTF_8)))
			.hasMessage("The server sent a document that is not a mandate; nothing was signed.");
	}

	@Test
	void parseWhenAPartIsMissingThenNamed() {
		assertThatThrownBy(() -> MandateDocument.parse(TestMandates.ID,
				TestMandates.DOCUMENT.replace("\"claims\":[\"profile\",\"birthdate\"],", "").getBytes(StandardCharsets.UTF_8)))
			.hasMessage("The mandate's document has no claims; nothing was signed.");
		assertThatThrownBy(() -> MandateDocument.parse(TestMandates.ID,
				TestMandates.DOCUMENT.replace("\"proxy\":\"NGUYEN Thi Lan\"", "\"proxy\":7").getBytes(StandardCharsets.UTF_8)))
			.hasMessage("The mandate's document has no proxy; nothing was signed.");
	}

	@Test
	void parseWhenAnotherMandatesDocumentThenRefused() {
		assertThatThrownBy(() -> MandateDocument.parse("5d0c1f9a-2b3e-4c5d-8e6f-7a8b9c0d1e2f", TestMandates.document()))
			.hasMessage("The server sent the document of another mandate; nothing was signed.");
	}

}
