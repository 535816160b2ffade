package org.tsunagu.wallet.credentials;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * The part of a DCQL query this wallet answers: SD-JWT VC credential queries, each with the types it accepts
 * ({@code meta.vct_values}) and the claims it needs by path of names. What it would have to half understand
 * (credential sets, claim sets, values, array indexes, trusted authorities) is refused, and nothing is sent.
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6">OpenID4VP 1.0 section 6</a>
 */
record DcqlQuery(List<CredentialQuery> credentials) {

	private static final Set<String> UNSUPPORTED = Set.of("credential_sets");

	private static final Set<String> QUERY_MEMBERS = Set.of("id", "format", "meta", "claims", "multiple",
			"require_cryptographic_holder_binding");

	/** One credential query: answered by one presentation under its {@code id}. */
	record CredentialQuery(String id, List<String> vctValues, List<List<String>> paths) {
	}

	static DcqlQuery parse(JsonNode query) {
		if (!query.isObject() || !query.path("credentials").isArray() || query.path("credentials").isEmpty()) {
			throw new WalletException("The request has no DCQL query with credential queries.");
		}
		for (String member : UNSUPPORTED) {
			if (query.has(member)) {
				throw new WalletException("The request's DCQL query has " + member + ", which this wallet does not answer.");
			}
		}
		List<CredentialQuery> credentials = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (JsonNode c : query.path("credentials")) {
			String id = c.path("id").asString("");
			if (!id.matches("[A-Za-z0-9_-]{1,64}") || !ids.add(id)) {
				throw new WalletException("A DCQL credential query has no id of its own.");
			}
			for (String member : c.propertyNames()) {
				if (!QUERY_MEMBERS.contains(member)) {
					throw new WalletException("Credential query " + id + " has " + Wire.shorten(member) + ", which this wallet does not answer.");
				}
			}
			if (!IssuerMetadata.FORMAT.equals(c.path("format").asString(null))) {
				throw new WalletException("Credential query " + id + " asks for a format other than " + IssuerMetadata.FORMAT + ".");
			}
			List<String> vcts = new ArrayList<>();
			c.path("meta").path("vct_values").forEach((v) -> vcts.add(v.asString("")));
			if (vcts.isEmpty()) {
				throw new WalletException("Credential query " + id + " names no credential type (meta.vct_values).");
			}
			credentials.add(new CredentialQuery(id, List.copyOf(vcts), paths(id, c.path("claims"))));
		}
		return new DcqlQuery(List.copyOf(credentials));
	}

	private static List<List<String>> paths(String id, JsonNode claims) {
		List<List<String>> paths = new ArrayList<>();
		for (JsonNode claim : claims) {
			for (String member : claim.propertyNames()) {
				if (!member.equals("path") && !member.equals("id")) {
					throw new WalletException("Credential query " + id + " asks for claims with " + Wire.shorten(member)
							+ ", which this wallet does not answer.");
				}
			}
			List<String> path = new ArrayList<>();
			for (JsonNode name : claim.path("path")) {
				if (!name.isString()) {
					throw new WalletException("Credential query " + id + " asks for array elements, which this wallet does not answer.");
				}
				path.add(name.asString());
			}
			if (path.isEmpty()) {
				throw new WalletException("Credential query " + id + " has a claim without a path.");
			}
			paths.add(List.copyOf(path));
		}
		return List.copyOf(paths);
	}

}
