package org.tsunagu.registry.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Bulk import jobs and their per-line error reports. */
@Component
final class JdbcImportJobs {

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	JdbcImportJobs(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	void create(UUID id, String submittedBy, Instant at) {
		this.jdbc.sql("""
				INSERT INTO import_job (id, status, submitted_by, submitted_at, lines_read, enrolled, skipped, failed)
				VALUES (:id, 'queued', :by, :at, 0, 0, 0, 0)""")
			.param("id", id)
			.param("by", submittedBy)
			.param("at", at.atOffset(ZoneOffset.UTC))
			.update();
	}

	void status(UUID id, String status, Instant finishedAt) {
		this.jdbc.sql("UPDATE import_job SET status = :status, finished_at = :at WHERE id = :id")
			.param("status", status)
			.param("at", finishedAt == null ? null : finishedAt.atOffset(ZoneOffset.UTC))
			.param("id", id)
			.update();
	}

	/** Records a processed batch; runs in the batch's transaction, so it is the point a resumed job starts from. */
	void progress(UUID id, long linesRead, long enrolled, long skipped, List<LineError> errors) {
		this.jdbc.sql("""
				UPDATE import_job SET status = 'running', lines_read = :lines, enrolled = enrolled + :enrolled,
				skipped = skipped + :skipped, failed = failed + :failed WHERE id = :id""")
			.param("lines", linesRead)
			.param("enrolled", enrolled)
			.param("skipped", skipped)
			.param("failed", errors.stream().mapToLong(LineError::line).distinct().count())
			.param("id", id)
			.update();
		this.template.batchUpdate("INSERT INTO import_error (job_id, line_number, pointer, detail) VALUES (?, ?, ?, ?)",
				errors, errors.size(), (ps, e) -> {
					ps.setObject(1, id);
					ps.setLong(2, e.line());
					ps.setString(3, e.pointer());
					ps.setString(4, e.detail());
				});
	}

	Optional<Job> find(UUID id) {
		return this.jdbc.sql("""
				SELECT id, status, submitted_by, submitted_at, finished_at, lines_read, enrolled, skipped, failed
				FROM import_job WHERE id = :id""")
			.param("id", id)
			.query((rs, n) -> new Job(rs.getObject("id", UUID.class), rs.getString("status"),
					rs.getString("submitted_by"), rs.getTimestamp("submitted_at").toInstant(),
					Optional.ofNullable(rs.getTimestamp("finished_at")).map(java.sql.Timestamp::toInstant).orElse(null),
					rs.getLong("lines_read"), rs.getLong("enrolled"), rs.getLong("skipped"), rs.getLong("failed")))
			.optional();
	}

	List<UUID> unfinished() {
		return this.jdbc.sql("SELECT id FROM import_job WHERE status IN ('queued', 'running') ORDER BY submitted_at")
			.query(UUID.class)
			.list();
	}

	List<LineError> errors(UUID id, long afterLine, int limit) {
		return this.jdbc.sql("""
				SELECT line_number, pointer, detail FROM import_error WHERE job_id = :id AND line_number > :after
				ORDER BY line_number, id FETCH FIRST :limit ROWS ONLY""")
			.param("id", id)
			.param("after", afterLine)
			.param("limit", limit)
			.query((rs, n) -> new LineError(rs.getLong(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/** An import job's progress. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Job(UUID id, String status, String submittedBy, Instant submittedAt, Instant finishedAt, long linesRead,
			long enrolled, long skipped, long failed) {
	}

	/** What is wrong with one line; {@code pointer} points into that line's JSON. */
	record LineError(long line, String pointer, String detail) {
	}

}
