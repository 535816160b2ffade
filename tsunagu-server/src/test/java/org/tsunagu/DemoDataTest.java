package org.tsunagu;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The first start of the embedded default: a synthetic population, and a demo card ready in the data directory. */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.test.demo=true")
class DemoDataTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TsunaguProperties properties;

	@Test
	void firstStartWhenDemoEnabledThenOver1000ResidentsWithRareNamesAndAReadyCard() {
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
				this.jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single()).isGreaterThanOrEqualTo(1000L));
		String records = String.join("\n", this.jdbc.sql("SELECT record FROM resident_version").query(String.class).list());
		assertThat(records).contains(TestResidents.KATSUKO).contains("髙橋").contains("\uD842\uDFB7田").contains("山﨑");

		Path card = this.properties.dataDir().resolve("demo-card");
		await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(card.resolve("card.json")));
		assertThat(card.resolve("auth.pem")).exists();
		assertThat(card.resolve("sign.pem")).exists();
		assertThat(new String(readAll(card.resolve("card.json")), StandardCharsets.UTF_8)).contains("cardId");
	}

	private static byte[] readAll(Path path) {
		try {
			return Files.readAllBytes(path);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
