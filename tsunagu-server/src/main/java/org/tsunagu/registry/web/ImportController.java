package org.tsunagu.registry.web;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.registry.internal.ResidentImport;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Bulk import of JSON Lines, and the job's progress and per-line error report. */
@RestController
final class ImportController {

	private final ResidentImport imports;

	ImportController(ResidentImport imports) {
		this.imports = imports;
	}

	@PostMapping(path = "/api/v1/residents/import", consumes = { "application/x-ndjson", "application/jsonl" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> submit(HttpServletRequest request, Authentication operator) throws IOException {
		UUID id = this.imports.submit(request.getInputStream(), operator.getName());
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/imports/" + id))
			.body(Map.of("id", id, "status", "queued"));
	}

	@GetMapping(path = "/api/v1/imports/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> report(@PathVariable UUID id, @RequestParam(defaultValue = "0") long afterLine,
			@RequestParam(defaultValue = "1000") int limit) {
		return this.imports.report(id, afterLine, Math.max(1, Math.min(limit, 10_000)));
	}

}
