package org.tsunagu.registry.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.registry.internal.Forms.EnrolmentRequest;
import org.tsunagu.registry.internal.Forms.LifeEventRequest;
import org.tsunagu.registry.internal.Forms.SearchRequest;
import org.tsunagu.registry.internal.ResidentRegistry;
import org.tsunagu.registry.internal.ResidentView;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resident registry's operator API. Residents are addressed by opaque id; the individual number travels only
 * in request and response bodies.
 */
@RestController
@RequestMapping(path = "/api/v1/residents", produces = MediaType.APPLICATION_JSON_VALUE)
final class ResidentController {

	private final ResidentRegistry registry;

	ResidentController(ResidentRegistry registry) {
		this.registry = registry;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ResidentView> enrol(@RequestBody EnrolmentRequest request, Authentication operator) {
		ResidentView enrolled = this.registry.enrol(request, operator.getName());
		return ResponseEntity.created(URI.create("/api/v1/residents/" + enrolled.id())).body(enrolled);
	}

	@PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResidentView search(@RequestBody SearchRequest request) {
		return this.registry.search(request.individualNumber());
	}

	@GetMapping("/{id}")
	ResponseEntity<ResidentView> get(@PathVariable UUID id) {
		ResidentView resident = this.registry.get(id);
		return ResponseEntity.ok().eTag("\"" + resident.version() + "\"").body(resident);
	}

	@GetMapping("/{id}/history")
	Map<String, Object> history(@PathVariable UUID id) {
		List<ResidentView.HistoryEntry> versions = this.registry.history(id);
		return Map.of("id", id, "versions", versions);
	}

	@PostMapping(path = "/{id}/events", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResidentView event(@PathVariable UUID id, @RequestBody LifeEventRequest event, Authentication operator,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		return this.registry.record(id, event, operator.getName(), version(ifMatch));
	}

	@PostMapping("/{id}/number-reissue")
	ResidentView reissue(@PathVariable UUID id, Authentication operator,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		return this.registry.reissueNumber(id, operator.getName(), version(ifMatch));
	}

	/** The version in an {@code If-Match} entity tag, as {@code GET} gives it ({@code "3"}). */
	static Integer version(String ifMatch) {
		if (ifMatch == null || ifMatch.equals("*")) {
			return null;
		}
		String tag = ifMatch.strip();
		if (!tag.matches("\"[0-9]{1,9}\"")) {
			org.tsunagu.platform.Violations v = new org.tsunagu.platform.Violations();
			v.add("", "If-Match carries the ETag of a GET of the record, such as \"3\".");
			v.throwIfAny();
		}
		return Integer.parseInt(tag.substring(1, tag.length() - 1));
	}

}
