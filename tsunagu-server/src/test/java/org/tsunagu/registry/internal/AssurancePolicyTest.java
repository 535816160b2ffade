package org.tsunagu.registry.internal;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tsunagu.registry.AssuranceLevel;
import org.tsunagu.registry.internal.ResidentRecord.Evidence;

import static org.assertj.core.api.Assertions.assertThat;

class AssurancePolicyTest {

	@Test
	void deriveWhenPhotoDocumentInPersonThenIal3High() {
		assertThat(AssurancePolicy.derive(List.of(new Evidence("passport", "in-person", "op"))))
			.isEqualTo(new AssuranceLevel("IAL3", "high"));
		assertThat(AssurancePolicy.derive(List.of(new Evidence("my-number-card", "chip-read", "op"))))
			.isEqualTo(AssuranceLevel.IAL3);
	}

	@Test
	void deriveWhenPhotoDocumentByVideoThenIal2Substantial() {
		assertThat(AssurancePolicy.derive(List.of(new Evidence("residence-card", "remote-video", "op"))))
			.isEqualTo(new AssuranceLevel("IAL2", "substantial"));
	}

	@Test
	void deriveWhenTwoDifferentNonPhotoDocumentsInPersonThenIal2() {
		assertThat(AssurancePolicy.derive(List.of(new Evidence("health-insurance-card", "in-person", "op"),
				new Evidence("pension-book", "in-person", "op"))))
			.isEqualTo(AssuranceLevel.IAL2);
		assertThat(AssurancePolicy.derive(List.of(new Evidence("pension-book", "in-person", "op"),
				new Evidence("pension-book", "in-person", "op2"))))
			.isEqualTo(AssuranceLevel.IAL1);
	}

	@Test
	void deriveWhenSelfDeclaredThenIal1Low() {
		assertThat(AssurancePolicy.derive(List.of(new Evidence("passport", "self-declared", "op"))))
			.isEqualTo(new AssuranceLevel("IAL1", "low"));
	}

}
