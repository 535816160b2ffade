package org.tsunagu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TsunaguApplicationTest {

	@Test
	void translatePortOptionWhenPortGivenThenServerPort() {
		assertThat(TsunaguApplication.translatePortOption(new String[] { "--port", "9090", "--x=y" }))
			.containsExactly("--server.port=9090", "--x=y");
		assertThat(TsunaguApplication.translatePortOption(new String[] { "--port=9091" }))
			.containsExactly("--server.port=9091");
	}

}
