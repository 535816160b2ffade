package org.tsunagu.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedLineReaderTest {

	@Test
	void nextWhenLinesThenEachWithoutLineEnd() throws IOException {
		BoundedLineReader reader = reader("a\r\nbc\n\nlast", 10);
		assertThat(text(reader.next())).isEqualTo("a");
		assertThat(text(reader.next())).isEqualTo("bc");
		assertThat(text(reader.next())).isEmpty();
		assertThat(text(reader.next())).isEqualTo("last");
		assertThat(reader.next()).isNull();
	}

	@Test
	void nextWhenLineOverLimitThenTooLongAndNextLineIntact() throws IOException {
		BoundedLineReader reader = reader("x".repeat(200_000) + "\nok\n", 1024);
		assertThat(reader.next()).isSameAs(BoundedLineReader.TOO_LONG);
		assertThat(text(reader.next())).isEqualTo("ok");
		assertThat(reader.next()).isNull();
	}

	private static BoundedLineReader reader(String text, int max) {
		return new BoundedLineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
