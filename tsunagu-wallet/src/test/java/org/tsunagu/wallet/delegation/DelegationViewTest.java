package org.tsunagu.wallet.delegation;

import org.junit.jupiter.api.Test;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Delegations as the platform answers them, read and listed for each of the two people. */
class DelegationViewTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static DelegationView draft() {
		return DelegationView.from(JSON.readTree(TestMandates.draftView()));
	}

	@Test
	void fromWhenDraftThenItsDocumentToSign() {
		DelegationView view = draft();
		assertThat(view.awaitingSignature()).isTrue();
		assertThat(view.servicesNamed()).isEqualTo("Sakura Bank");
		assertThat(view.mandateDocument().bytes()).isEqualTo(TestMandates.document());
	}

	@Test
	void lineWhenForMeThenTheProxyAndWhere() {
		assertThat(draft().line(true)).isEqualTo(TestMandates.ID + "  mandate: NGUYEN Thi Lan for you at Sakura Bank; "
				+ "releasing profile, birthdate; until 2026-11-01 [awaiting-signature]");
	}

	@Test
	void lineWhenByMeAndEndedThenTheRepresentedAndWhy() {
		String ended = TestMandates.draftView().replace("\"awaiting-signature\"", "\"ended\",\"endReason\":\"withdrawn\"");
		assertThat(DelegationView.from(JSON.readTree(ended)).line(false)).isEqualTo(TestMandates.ID
				+ "  mandate: you for 髙橋 葛子 at Sakura Bank; releasing profile, birthdate; until 2026-11-01 [ended, withdrawn]");
	}

	@Test
	void mandateDocumentWhenActiveThenNothingToSign() {
		DelegationView active = DelegationView.from(JSON.readTree(TestMandates.draftView().replace("\"awaiting-signature\"", "\"active\"")));
		assertThatThrownBy(active::mandateDocument).isInstanceOf(WalletException.class)
			.hasMessage("Mandate " + TestMandates.ID + " is active: there is nothing to sign.");
	}

	@Test
	void fromWhenIdIsNotAnIdThenRefused() {
		assertThatThrownBy(() -> DelegationView.from(JSON.readTree(TestMandates.draftView().replace(TestMandates.ID, "../cards"))))
			.isInstanceOf(WalletException.class)
			.hasMessage("The server's answer is not a delegation: its id is not one.");
	}

}
