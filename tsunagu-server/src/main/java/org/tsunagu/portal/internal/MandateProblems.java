package org.tsunagu.portal.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The API's refusal of a mandate as the account's form shows it: each problem's JSON pointer turned into the field
 * it is about (and the input the error summary links to), with a message in the page's own words and language, one
 * per field. A problem about no field keeps the API's detail.
 */
final class MandateProblems {

	/** Refusals about the proxy as a person rather than about a field's value. */
	private static final Set<String> ABOUT_THE_PROXY = Set.of("delegation-loop", "proxy-card-suspended");

	private MandateProblems() {
	}

	/**
	 * One problem as the page shows it.
	 * @param field the field it is about, or {@code null} for the whole form
	 * @param anchor the id of the input the error summary links to
	 * @param message the message's key
	 * @param detail the API's words, for a problem about no field
	 */
	record Problem(String field, String anchor, String message, String detail) {
	}

	static List<Problem> of(JsonNode problem, AccountDelegationsController.MandateInput input) {
		String type = problem.path("type").asString("").replaceAll(".*[/:]", "");
		if (ABOUT_THE_PROXY.contains(type)) {
			return List.of(new Problem("proxy", "proxy-number", "account.mandate.error." + type, ""));
		}
		boolean dateWrong = false;
		for (JsonNode error : problem.path("errors")) {
			dateWrong |= error.path("pointer").asString("").equals("/proxy/birthDate");
		}
		Map<String, Problem> byField = new LinkedHashMap<>();
		List<Problem> whole = new ArrayList<>();
		for (JsonNode error : problem.path("errors")) {
			Problem found = problem(error.path("pointer").asString(""), error.path("detail").asString(""), input, dateWrong);
			if (found == null) {
				continue;
			}
			if (found.field() == null) {
				whole.add(found);
			}
			else {
				byField.putIfAbsent(found.field(), found);
			}
		}
		List<Problem> all = new ArrayList<>(byField.values());
		all.addAll(whole);
		if (all.isEmpty()) {
			all.add(new Problem(null, null, "account.mandate.error.form",
					problem.path("detail").asString(problem.path("title").asString(""))));
		}
		return all;
	}

	private static Problem problem(String pointer, String detail, AccountDelegationsController.MandateInput input,
			boolean dateWrong) {
		if (pointer.equals("/proxy/birthDate")) {
			return new Problem("birth", "proxy-birth", "account.mandate.error.birth", "");
		}
		if (pointer.equals("/proxy") || pointer.startsWith("/proxy/")) {
			if (dateWrong) {
				// the date could not be read, so no one could be found by it: the date is what to fix
				return null;
			}
			if (input.number().isEmpty()) {
				return new Problem("proxy", "proxy-number", "account.mandate.error.proxy.missing", "");
			}
			if (!input.birthGiven()) {
				return new Problem("birth", "proxy-birth", "account.mandate.error.birth.missing", "");
			}
			return new Problem("proxy", "proxy-number", "account.mandate.error.proxy", "");
		}
		if (pointer.equals("/services") || pointer.equals("/claims")) {
			String field = pointer.substring(1);
			return new Problem(field, field, "account.mandate.error." + field, "");
		}
		if (pointer.startsWith("/services/") || pointer.startsWith("/claims/")) {
			String field = pointer.substring(1, pointer.indexOf('/', 1));
			return new Problem(field, field, "account.mandate.error." + field + ".listed", "");
		}
		if (pointer.equals("/validUntil")) {
			return new Problem("until", "until",
					input.validUntil() == null ? "account.mandate.error.until.missing" : "account.mandate.error.until", "");
		}
		return new Problem(null, null, "account.mandate.error.form", detail);
	}

}
