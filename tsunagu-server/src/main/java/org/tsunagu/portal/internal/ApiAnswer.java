package org.tsunagu.portal.internal;

import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** An API's answer as the pages use it: the status and the JSON body (a problem's, on a refusal). */
record ApiAnswer(int status, JsonNode body) {

	static ApiAnswer of(HttpResponse<String> response, JsonMapper json) {
		String text = response.body();
		JsonNode body;
		try {
			body = text == null || text.isBlank() ? MissingNode.getInstance() : json.readTree(text);
		}
		catch (RuntimeException ex) {
			body = MissingNode.getInstance();
		}
		return new ApiAnswer(response.statusCode(), body);
	}

	boolean ok() {
		return this.status >= 200 && this.status < 300;
	}

	/** The body, when the call worked; otherwise the failure as an exception the pages show as an error page. */
	JsonNode required() {
		if (this.status == 404) {
			throw new AccountException.NotFound();
		}
		if (!ok()) {
			throw new AccountException("The platform's API answered " + this.status + " " + this.body.path("type").asString(""));
		}
		return this.body;
	}

}
