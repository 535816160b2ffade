package org.tsunagu;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTest {

	private final ApplicationModules modules = ApplicationModules.of(TsunaguApplication.class);

	@Test
	void verifyWhenModulesAreBuiltThenNoCyclesAndNoInternalAccess() {
		this.modules.verify();
		assertThat(this.modules.stream().map((m) -> m.getIdentifier().toString()))
			.contains("platform", "operator", "registry");
	}

	@Test
	void documentWhenVerifiedThenWritesModuleDiagrams() {
		new Documenter(this.modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

}
