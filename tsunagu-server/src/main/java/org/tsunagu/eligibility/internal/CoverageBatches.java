package org.tsunagu.eligibility.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.organisation.Organisation;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.BoundedLineReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * An insurer's monthly load: JSON Lines, one member per line, each a {@code PUT} of that member (with its
 * {@code memberKey}) or {@code {"memberKey": ..., "end": true}}. Each line is applied in its own transaction and
 * answered on its own: a line that fails changes nothing and stops nothing. Sending the same load again changes
 * nothing (unchanged members keep their version and log nothing; an ended member is already gone). A load streams:
 * it is not held by the 1 MiB limit of other requests, but by {@link #MAX_LINES} lines of at most 16 KiB each.
 */
@Service
public class CoverageBatches {

	static final int MAX_LINES = 100_000;

	/** A member's line is a few hundred bytes; 16 KiB leaves room and bounds what one line can hold in memory. */
	static final int MAX_LINE_BYTES = 16_384;

	private final CoverageRecords records;

	private final JsonMapper json;

	CoverageBatches(CoverageRecords records, JsonMapper json) {
		this.records = records;
		this.json = json;
	}

	public Map<String, Object> load(Organisation insurer, InputStream body) throws IOException {
		var decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (String outcome : List.of("recorded", "changed", "unchanged", "ended", "failed")) {
			counts.put(outcome, 0);
		}
		List<Map<String, Object>> errors = new ArrayList<>();
		int lineNumber = 0;
		// lines are read as bytes, each held only up to its limit, so that a load of any size streams through
		BoundedLineReader reader = new BoundedLineReader(body, MAX_LINE_BYTES);
		byte[] bytes;
		while ((bytes = reader.next()) != null) {
			lineNumber++;
			if (lineNumber > MAX_LINES) {
				throw ApiProblem.of(HttpStatus.CONTENT_TOO_LARGE, "batch-too-large", "Too many lines",
						"A load has at most " + MAX_LINES + " lines; the first " + MAX_LINES + " were applied, send the rest in another load.",
						Map.of("applied", counts));
			}
			String line;
			try {
				line = bytes == BoundedLineReader.TOO_LONG ? null : decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
			}
			catch (CharacterCodingException ex) {
				throw ApiProblem.of(HttpStatus.BAD_REQUEST, "not-utf8", "Not UTF-8",
						"Line " + lineNumber + " is not valid UTF-8; the lines before it were applied.", Map.of("applied", counts));
			}
			if (line != null && line.isBlank()) {
				continue;
			}
			String outcome = apply(insurer, line, lineNumber, errors);
			counts.merge(outcome, 1, Integer::sum);
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("lines", lineNumber);
		answer.putAll(counts);
		answer.put("errors", errors);
		return answer;
	}

	private String apply(Organisation insurer, String line, int number, List<Map<String, Object>> errors) {
		String memberKey = null;
		try {
			if (line == null) {
				throw ApiProblem.of(HttpStatus.BAD_REQUEST, "line-too-long", "Line too long",
						"A line has at most " + MAX_LINE_BYTES + " bytes.");
			}
			JsonNode node = this.json.readTree(line);
			if (!node.isObject() || !node.path("memberKey").isString()) {
				throw ApiProblem.of(HttpStatus.BAD_REQUEST, "no-member-key", "No member key",
						"Each line is a JSON object with the member's memberKey.");
			}
			memberKey = node.get("memberKey").asString();
			if (node.path("end").asBoolean(false)) {
				if (this.records.find(insurer, memberKey).isEmpty()) {
					return "unchanged";
				}
				this.records.delete(insurer, memberKey);
				return "ended";
			}
			tools.jackson.databind.node.ObjectNode fields = ((tools.jackson.databind.node.ObjectNode) node).deepCopy();
			fields.remove(List.of("memberKey", "end"));
			CoverageForm form = this.json.treeToValue(fields, CoverageForm.class);
			CoverageRecords.Saved saved = this.records.put(insurer, memberKey, form);
			return saved.created() ? "recorded" : saved.written() ? "changed" : "unchanged";
		}
		catch (ApiProblem problem) {
			Map<String, Object> error = new LinkedHashMap<>();
			error.put("line", number);
			if (memberKey != null) {
				error.put("memberKey", memberKey);
			}
			error.put("status", problem.getStatusCode().value());
			error.put("type", problem.getBody().getType());
			error.put("detail", problem.getBody().getDetail());
			Map<String, Object> properties = problem.getBody().getProperties();
			if (properties != null && properties.get("existingMemberKey") != null) {
				error.put("existingMemberKey", properties.get("existingMemberKey"));
			}
			if (properties != null && properties.get("errors") != null) {
				error.put("errors", properties.get("errors"));
			}
			errors.add(error);
			return "failed";
		}
		catch (JacksonException | IllegalArgumentException ex) {
			errors.add(Map.of("line", number, "status", 400, "detail", "The line is not a JSON object of a member's coverage."));
			return "failed";
		}
	}

}
