package org.tsunagu.wallet.delegation;

import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A refusal in the platform's own words, from its RFC 9457 problem: for a validation problem the first field's
 * detail (the summary only says how many fields there are), else the problem's detail, else the status.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457#section-3">RFC 9457 section 3</a>
 */
final class Refusals {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Refusals() {
	}

	static String of(HttpResponse<String> response) {
		return of(response.statusCode(), response.body());
	}

	static String of(int status, String body) {
		JsonNode problem;
		try {
			problem = JSON.readTree(body == null ? "" : body);
		}
		catch (RuntimeException ex) {
			problem = null;
		}
		if (problem == null || !problem.isObject()) {
			return "HTTP " + status;
		}
		String first = problem.path("errors").path(0).path("detail").asString("");
		String detail = first.isBlank() ? problem.path("detail").asString("") : first;
		return detail.isBlank() ? "HTTP " + status : Terminal.safe(detail);
	}

}
