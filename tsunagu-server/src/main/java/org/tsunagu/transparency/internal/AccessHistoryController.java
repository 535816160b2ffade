package org.tsunagu.transparency.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.merkle.Checkpoint;
import org.tsunagu.merkle.SignedNote;
import org.tsunagu.merkle.TiledTree;
import org.tsunagu.platform.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Who used my data": {@code GET /api/v1/me/access-events} with the resident's own wallet's token (scope
 * {@code me:read}, client {@code tsunagu-wallet}: a service's token, which lists nothing but itself, is refused)
 * answers every log entry about the resident that is in the latest signed checkpoint, each with the salt that
 * opens its commitment and its inclusion proof, together with the checkpoint and the resident's subject key, so
 * that the resident's side can check every entry against the signed tree without trusting this answer. Newest
 * first, {@value #PAGE} to a page (or {@code limit}): {@code next} gives the {@code before} and {@code size} that ask for the
 * following page against the same checkpoint, until every entry has been given.
 */
@RestController
class AccessHistoryController {

	static final int PAGE = 500;

	private final JdbcClient jdbc;

	private final LogController log;

	private final JsonMapper json;

	private final LogEntries entries;

	AccessHistoryController(JdbcClient jdbc, LogController log, JsonMapper json, LogEntries entries) {
		this.jdbc = jdbc;
		this.log = log;
		this.json = json;
		this.entries = entries;
	}

	@GetMapping(path = "/api/v1/me/access-events", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> history(org.springframework.security.core.Authentication authentication,
			@org.springframework.web.bind.annotation.RequestParam(name = "before", required = false) String before,
			@org.springframework.web.bind.annotation.RequestParam(name = "size", required = false) String treeSize,
			@org.springframework.web.bind.annotation.RequestParam(name = "limit", required = false) String limit) {
		// the whole history names every service the resident uses: for the resident's own clients only
		UUID resident = org.tsunagu.platform.ResidentCaller.firstParty(authentication).residentId();
		long first = before == null ? Long.MAX_VALUE : LogController.number(before, "/before");
		int page = limit == null ? PAGE : (int) Math.min(PAGE, Math.max(1, LogController.number(limit, "/limit")));
		String note = treeSize == null
				? this.jdbc.sql("SELECT note FROM log_checkpoint ORDER BY size DESC LIMIT 1").query(String.class).optional().orElse(null)
				: this.jdbc.sql("SELECT note FROM log_checkpoint WHERE size = :size")
					.param("size", LogController.number(treeSize, "/size"))
					.query(String.class)
					.optional()
					.orElseThrow(() -> ApiProblem.of(HttpStatus.BAD_REQUEST, "no-such-checkpoint", "No checkpoint of that size",
							"Ask with a size from the checkpoint of the history's first page, or without one."));
		Map<String, Object> answer = new LinkedHashMap<>();
		List<Map<String, Object>> events = new ArrayList<>();
		answer.put("events", events);
		if (note == null) {
			return answer;
		}
		long size = Checkpoint.parse(SignedNote.parse(note).text()).size();
		TiledTree tree = this.log.tree(size);
		answer.put("checkpoint", note);
		answer.put("subjectKey", Base64.getEncoder().encodeToString(this.entries.subjectKey(resident)));
		this.jdbc.sql("""
				SELECT leaf_index, leaf, salt FROM log_entry
				WHERE resident_id = :resident AND leaf_index IS NOT NULL AND leaf_index < :size AND leaf_index < :before
				ORDER BY leaf_index DESC LIMIT :max""")
			.param("max", page + 1)
			.param("resident", resident)
			.param("size", size)
			.param("before", first)
			.query((rs) -> {
				long index = rs.getLong(1);
				if (events.size() == page) {
					long last = (Long) events.get(page - 1).get("index");
					answer.put("next", Map.of("before", last, "size", size));
					return;
				}
				byte[] leaf = rs.getBytes(2);
				Map<String, Object> event = new LinkedHashMap<>();
				event.put("index", index);
				event.put("entry", this.json.readTree(leaf));
				event.put("leaf", Base64.getEncoder().encodeToString(leaf));
				event.put("salt", Base64.getEncoder().encodeToString(rs.getBytes(3)));
				event.put("proof", tree.inclusionProof(index, size).stream().map((h) -> Base64.getEncoder().encodeToString(h)).toList());
				events.add(event);
			});
		return answer;
	}

}
