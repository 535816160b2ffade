package org.tsunagu.wallet.credentials;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.authlete.sd.Disclosure;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The disclosures of an SD-JWT by their digest (SHA-256, Authlete's), in the order the issuer gave them, and the
 * digests in a value that commit to them.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9901#section-7.1">RFC 9901 section 7.1, steps 3 to 5</a>
 */
final class Disclosures {

	static final Set<String> RESERVED = Set.of("_sd", "...", "_sd_alg");

	/** One disclosure: the claim's name (none for an array element) and its value. */
	record Disclosed(Disclosure disclosure, String name, JsonNode value) {
	}

	private final Map<String, Disclosed> byDigest;

	private Disclosures(Map<String, Disclosed> byDigest) {
		this.byDigest = byDigest;
	}

	/** The disclosures, each once. */
	static Disclosures of(List<Disclosure> disclosures) {
		Map<String, Disclosed> byDigest = new LinkedHashMap<>();
		for (Disclosure d : disclosures) {
			JsonNode array = Wire.JSON.readTree(d.getJson());
			if (byDigest.put(d.digest(), new Disclosed(d, d.getClaimName(), array.get(array.size() - 1))) != null) {
				throw new WalletException("The credential carries a disclosure twice.");
			}
		}
		return new Disclosures(byDigest);
	}

	/** The disclosure of a digest, or {@code null} for a decoy. */
	Disclosed get(String digest) {
		return this.byDigest.get(digest);
	}

	/** Every digest with a disclosure, in the issuer's order. */
	Set<String> digests() {
		return this.byDigest.keySet();
	}

	/** Adds every disclosure committed to inside a value, at any depth. */
	void within(JsonNode value, Set<String> chosen) {
		for (String digest : committed(value)) {
			if (this.byDigest.containsKey(digest) && chosen.add(digest)) {
				within(this.byDigest.get(digest).value(), chosen);
			}
		}
		for (JsonNode member : value.isContainer() ? value.values() : List.<JsonNode>of()) {
			within(member, chosen);
		}
	}

	/** The digests a value commits to directly: its {@code _sd} and its array elements' {@code ...}. */
	static List<String> committed(JsonNode value) {
		List<String> digests = new ArrayList<>();
		value.path("_sd").forEach((d) -> digests.add(d.asString("")));
		if (value.isArray()) {
			value.forEach((e) -> {
				if (e.isObject() && e.size() == 1 && e.path("...").isString()) {
					digests.add(e.path("...").asString());
				}
			});
		}
		return digests;
	}

	/**
	 * Checks that every disclosure is committed to exactly once, by a digest in {@code payload} or in the value of
	 * another committed disclosure, each where it belongs (a member in an {@code _sd}, an element in a {@code ...}),
	 * none naming a reserved claim or one already there.
	 */
	void checkCommitted(JsonNode payload) {
		Set<String> seen = new HashSet<>();
		List<JsonNode> open = new ArrayList<>(List.of(payload));
		while (!open.isEmpty()) {
			JsonNode value = open.remove(open.size() - 1);
			for (String digest : committed(value)) {
				Disclosed d = this.byDigest.get(digest);
				if (!seen.add(digest)) {
					throw new WalletException("The credential commits to a digest twice; it is refused.");
				}
				if (d != null) {
					boolean member = value.isObject();
					if (member != (d.name() != null) || (member && (RESERVED.contains(d.name()) || value.has(d.name())))) {
						throw new WalletException("A disclosure of the credential names a reserved or repeated claim.");
					}
					open.add(d.value());
				}
			}
			if (value.isContainer()) {
				value.forEach(open::add);
			}
		}
		for (String digest : this.byDigest.keySet()) {
			if (!seen.contains(digest)) {
				throw new WalletException("A disclosure of the credential is not one the issuer signed.");
			}
		}
	}

	/** The value with these disclosures (by digest) put back in place, at any depth, and the rest left out. */
	JsonNode decode(JsonNode value, Set<String> disclosed) {
		if (value.isObject()) {
			ObjectNode decoded = Wire.JSON.createObjectNode();
			for (Map.Entry<String, JsonNode> member : value.properties()) {
				if (!member.getKey().equals("_sd")) {
					decoded.set(member.getKey(), decode(member.getValue(), disclosed));
				}
			}
			// in the order the issuer gave the disclosures, not the digests' (which are shuffled among decoys)
			Set<String> here = new HashSet<>(committed(value));
			this.byDigest.forEach((digest, d) -> {
				if (here.contains(digest) && disclosed.contains(digest)) {
					decoded.set(d.name(), decode(d.value(), disclosed));
				}
			});
			return decoded;
		}
		if (value.isArray()) {
			ArrayNode decoded = Wire.JSON.createArrayNode();
			for (JsonNode element : value) {
				String digest = element.isObject() && element.size() == 1 ? element.path("...").asString(null) : null;
				if (digest == null) {
					decoded.add(decode(element, disclosed));
				}
				else if (disclosed.contains(digest) && this.byDigest.containsKey(digest)) {
					decoded.add(decode(this.byDigest.get(digest).value(), disclosed));
				}
			}
			return decoded;
		}
		return value;
	}


}
