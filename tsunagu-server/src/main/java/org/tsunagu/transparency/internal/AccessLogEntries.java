package org.tsunagu.transparency.internal;

import java.util.Optional;

import org.tsunagu.transparency.AccessLog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link AccessLog} on the log's own store. */
@Component
class AccessLogEntries implements AccessLog {

	private final LogEntries entries;

	private final JdbcClient jdbc;

	AccessLogEntries(LogEntries entries, JdbcClient jdbc) {
		this.entries = entries;
		this.jdbc = jdbc;
	}

	@Override
	public void append(Entry entry) {
		this.entries.append(new LogEntries.Entry(entry.eventKey(), entry.whoName(), entry.whoId(), entry.residentId(),
				entry.what(), entry.why(), entry.when(), entry.evidence() == null ? java.util.Map.of() : entry.evidence()));
	}

	@Override
	public Optional<Long> leafIndex(String eventKey) {
		return this.jdbc.sql("SELECT leaf_index FROM log_entry WHERE event_key = :key AND leaf_index IS NOT NULL")
			.param("key", eventKey)
			.query(Long.class)
			.optional();
	}

}
