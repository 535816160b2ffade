package org.tsunagu.credentials.status;

import org.tsunagu.platform.ApiProblem;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A status list, signed, to anyone: it says only which entries are revoked, never whose they are. */
@RestController
class StatusListController {

	static final String MEDIA_TYPE = "application/statuslist+jwt";

	private final StatusLists lists;

	StatusListController(StatusLists lists) {
		this.lists = lists;
	}

	@GetMapping(path = "/credentials/status/{list}")
	ResponseEntity<String> list(@PathVariable String list) {
		if (!list.matches("[1-9][0-9]{0,8}")) {
			throw ApiProblem.notFound("The status list");
		}
		String token = this.lists.token(Integer.parseInt(list));
		if (token == null) {
			throw ApiProblem.notFound("The status list");
		}
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(MEDIA_TYPE))
			.cacheControl(CacheControl.maxAge(StatusLists.TTL).cachePublic())
			.body(token);
	}

}
