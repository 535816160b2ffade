package org.tsunagu.registry.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tsunagu.TsunaguTest;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.registry.demo.SyntheticPopulation;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that died in the middle of an import: the job was running with three lines committed and its spool
 * file still in the data directory. On the next start the job resumes after the last committed line, so nothing
 * is enrolled twice and nothing is lost.
 */
@TsunaguTest
class ImportResumeTest {

	@Autowired
	ResidentImport imports;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TsunaguProperties properties;

	@Test
	void resumeWhenJobWasRunningAtCrashThenContinuesAfterTheLastCommittedLine() throws Exception {
		UUID job = UUID.randomUUID();
		String prefix = "crash-" + UUID.randomUUID() + "-";
		SyntheticPopulation population = new SyntheticPopulation(42, prefix);
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 5; i++) {
			lines.append(population.nextLine()).append('\n');
		}
		Path spool = this.properties.dataDir().resolve("imports").resolve(job + ".jsonl");
		Files.createDirectories(spool.getParent());
		Files.writeString(spool, lines, StandardCharsets.UTF_8);
		this.jdbc.sql("""
				INSERT INTO import_job (id, status, submitted_by, submitted_at, lines_read, enrolled, skipped, failed)
				VALUES (:id, 'running', 'test', :at, 3, 3, 0, 0)""")
			.param("id", job)
			.param("at", Instant.now().atOffset(ZoneOffset.UTC))
			.update();

		this.imports.resumeUnfinished();

		await().atMost(Duration.ofSeconds(30))
			.until(() -> "completed".equals(this.jdbc.sql("SELECT status FROM import_job WHERE id = :id")
				.param("id", job)
				.query(String.class)
				.single()));
		assertThat(count(prefix + "1") + count(prefix + "2") + count(prefix + "3")).isZero();
		assertThat(count(prefix + "4") + count(prefix + "5")).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT enrolled FROM import_job WHERE id = :id").param("id", job).query(Long.class).single())
			.isEqualTo(5L);
		assertThat(spool).doesNotExist();
	}

	private long count(String reference) {
		return this.jdbc.sql("SELECT COUNT(*) FROM resident WHERE external_ref = :ref")
			.param("ref", reference)
			.query(Long.class)
			.single();
	}

}
