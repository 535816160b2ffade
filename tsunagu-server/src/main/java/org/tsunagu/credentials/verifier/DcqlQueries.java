package org.tsunagu.credentials.verifier;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.tsunagu.platform.Violations;

/**
 * The part of DCQL (OpenID4VP 1.0 section 6) this verifier takes: one to three SD-JWT VC credential queries, each
 * with its {@code id}, {@code format} {@code dc+sd-jwt}, the accepted {@code meta.vct_values}, and the claims it
 * needs by {@code path} (names only). Credential sets, claim sets, values and array indexes are refused with a clear
 * error rather than half understood.
 */
final class DcqlQueries {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_#.-]{1,60}");

	private DcqlQueries() {
	}

	/** One credential query, as the response is checked against it. */
	record Query(String id, List<String> vctValues, List<List<String>> claims) {
	}

	/** The queries of a DCQL query, or a validation problem (nothing is stored). */
	@SuppressWarnings("unchecked")
	static List<Query> parse(Object dcql) {
		Violations v = new Violations();
		List<Query> queries = new ArrayList<>();
		if (!(dcql instanceof Map<?, ?> query) || !(query.get("credentials") instanceof List<?> credentials)
				|| credentials.isEmpty() || credentials.size() > 3) {
			v.add("/dcql_query/credentials", "A DCQL query with one to three credential queries is required.");
			v.throwIfAny();
			return List.of();
		}
		for (Object key : query.keySet()) {
			if (!"credentials".equals(key)) {
				v.add("/dcql_query/" + key, "Only credentials is supported in the query (no credential_sets).");
			}
		}
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < credentials.size(); i++) {
			String at = "/dcql_query/credentials/" + i;
			if (!(credentials.get(i) instanceof Map<?, ?> c)) {
				v.add(at, "A credential query is an object.");
				continue;
			}
			Object id = c.get("id");
			if (!(id instanceof String s) || !ID.matcher(s).matches() || !ids.add(s)) {
				v.add(at + "/id", "Each credential query has its own id: 1 to 40 letters, digits, _ or -.");
			}
			if (!"dc+sd-jwt".equals(c.get("format"))) {
				v.add(at + "/format", "The format is dc+sd-jwt.");
			}
			for (Object key : c.keySet()) {
				if (!Set.of("id", "format", "meta", "claims").contains(key)) {
					v.add(at + "/" + key, "Not supported in a credential query here.");
				}
			}
			List<String> vcts = new ArrayList<>();
			if (!(c.get("meta") instanceof Map<?, ?> meta) || !(meta.get("vct_values") instanceof List<?> values) || values.isEmpty()
					|| values.size() > 5 || !values.stream().allMatch((x) -> x instanceof String s && !s.isBlank() && s.length() <= 300)) {
				v.add(at + "/meta/vct_values", "meta.vct_values lists the one to five credential types accepted.");
			}
			else {
				values.forEach((x) -> vcts.add((String) x));
			}
			List<List<String>> paths = new ArrayList<>();
			if (!(c.get("claims") instanceof List<?> claims) || claims.isEmpty() || claims.size() > 20) {
				v.add(at + "/claims", "claims lists the one to twenty claims needed, each by its path.");
			}
			else {
				for (int j = 0; j < claims.size(); j++) {
					if (!(claims.get(j) instanceof Map<?, ?> claim) || !(claim.get("path") instanceof List<?> path) || path.isEmpty()
							|| path.size() > 5 || !path.stream().allMatch((p) -> p instanceof String s && NAME.matcher(s).matches())
							|| claim.keySet().stream().anyMatch((k) -> !Set.of("path", "id").contains(k))) {
						v.add(at + "/claims/" + j, "A claim is {\"path\": [names]}: claim names only, no values or indexes.");
					}
					else {
						paths.add((List<String>) path);
					}
				}
			}
			queries.add(new Query(String.valueOf(id), vcts, paths));
		}
		v.throwIfAny();
		return queries;
	}

	/** The query as the request object carries it: the same, normalised. */
	static Map<String, Object> toJson(List<Query> queries) {
		List<Map<String, Object>> credentials = new ArrayList<>();
		for (Query q : queries) {
			Map<String, Object> c = new LinkedHashMap<>();
			c.put("id", q.id());
			c.put("format", "dc+sd-jwt");
			c.put("meta", Map.of("vct_values", q.vctValues()));
			c.put("claims", q.claims().stream().map((p) -> Map.of("path", p)).toList());
			credentials.add(c);
		}
		return Map.of("credentials", credentials);
	}

}
