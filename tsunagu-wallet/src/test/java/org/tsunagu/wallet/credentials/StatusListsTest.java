package org.tsunagu.wallet.credentials;

import java.io.InputStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token Status List decoding against the draft's own examples, and the ways a list can be bad. */
class StatusListsTest {

	static Stream<Arguments> examples() throws Exception {
		try (InputStream in = StatusListsTest.class.getResourceAsStream("/vectors/token-status-list/examples.json")) {
			JsonNode vectors = Wire.JSON.readTree(in);
			return vectors.path("lists").valueStream().map((l) -> Arguments.of(l.path("bits").asInt(), l.path("lst").asString(), l.path("statuses")));
		}
	}

	@ParameterizedTest
	@MethodSource("examples")
	void entryWhenTheDraftsExampleThenItsStatuses(int bits, String lst, JsonNode statuses) {
		byte[] entries = StatusLists.inflate(lst);
		for (int i = 0; i < statuses.size(); i++) {
			assertThat(StatusLists.entry(entries, bits, i)).as("index %d", i).isEqualTo(statuses.get(i).asInt());
		}
	}

	@Test
	void entryWhenOutsideTheListThenRefused() {
		byte[] entries = StatusLists.inflate("eNrbuRgAAhcBXQ");
		assertThatThrownBy(() -> StatusLists.entry(entries, 1, 16)).isInstanceOf(WalletException.class);
		assertThatThrownBy(() -> StatusLists.entry(entries, 1, -1)).isInstanceOf(WalletException.class);
	}

	@Test
	void inflateWhenNotZlibThenRefused() {
		assertThatThrownBy(() -> StatusLists.inflate("bm90IHpsaWI")).isInstanceOf(WalletException.class);
		assertThatThrownBy(() -> StatusLists.inflate("eNrbuRgAAh")).isInstanceOf(WalletException.class);
		assertThatThrownBy(() -> StatusLists.inflate("***")).isInstanceOf(WalletException.class);
	}

}
