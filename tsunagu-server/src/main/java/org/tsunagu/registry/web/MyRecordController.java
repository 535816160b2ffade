package org.tsunagu.registry.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.tsunagu.platform.ResidentCaller;
import org.tsunagu.registry.internal.ResidentRegistry;
import org.tsunagu.registry.internal.ResidentView;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resident's own record: {@code GET /api/v1/me/record} answers the record as it stands (name in the person's
 * script with its reading and Latin form, birth date, address, level of assurance) and its whole history, who
 * recorded each change and when. For the resident's own clients only (the wallet, the resident pages); the
 * individual number is not in it (the person has it on the card).
 */
@RestController
final class MyRecordController {

	private final ResidentRegistry registry;

	MyRecordController(ResidentRegistry registry) {
		this.registry = registry;
	}

	@GetMapping(path = "/api/v1/me/record", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> record(Authentication authentication) {
		ResidentCaller me = ResidentCaller.firstParty(authentication);
		Map<String, Object> answer = new LinkedHashMap<>();
		ResidentView record = this.registry.get(me.residentId());
		answer.put("record", record);
		answer.put("history", this.registry.history(me.residentId()).reversed());
		return answer;
	}

}
