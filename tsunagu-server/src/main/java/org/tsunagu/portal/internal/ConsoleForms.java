package org.tsunagu.portal.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's forms, each the page for one operator API call: its fields (named by where they go in the call's
 * JSON body, so that a problem's JSON pointer finds its field again), the role it needs and the API it calls. A
 * field left empty is left out of the body, so the API's own rules decide what is missing.
 */
public final class ConsoleForms {

	public enum Type {

		TEXT, DATE, TEXTAREA, LINES, JSON, SELECT, RADIOS, CHECKBOXES, CONFIRM,

		/** Not shown: the resident whose page the task is on, put into the body by the console. */
		RESIDENT

	}

	/**
	 * One field; {@code name} is its place in the body ({@code name.family}, {@code evidence[].type}), and
	 * {@code alias} another pointer the API may name it by (a rule about the person an id names), or {@code null}.
	 */
	public record Field(String name, Type type, List<String> options, boolean wide, String alias) {

		static Field text(String name) {
			return new Field(name, Type.TEXT, List.of(), false, null);
		}

		static Field of(String name, Type type, String... options) {
			return new Field(name, type, List.of(options), false, null);
		}

		/** A field as wide as the page: a long text, a key set. */
		static Field wide(String name, Type type) {
			return new Field(name, type, List.of(), true, null);
		}

		/** The same field, also named by the API at exactly {@code pointer}. */
		Field alsoAt(String pointer) {
			return new Field(this.name, this.type, this.options, this.wide, pointer);
		}

		/** The id of its input in the page, and the anchor the error summary links to. */
		public String id() {
			return this.name.replace("[]", "").replace('.', '-');
		}

		/** The JSON pointer the API names it by. */
		public String pointer() {
			return "/" + this.name.replace("[]", "/0").replace('.', '/');
		}

		/** Whether a problem's pointer names this field, a part of it, or its alias. */
		boolean names(String pointer) {
			return pointer.equals(pointer()) || pointer.startsWith(pointer() + "/") || pointer.equals(this.alias);
		}

	}

	/** One form: where it lives under {@code /console}, the API call it makes, the role it needs. */
	public record Form(String id, String method, String api, String role, List<Field> fields) {

		Optional<Field> field(String name) {
			return this.fields.stream().filter((f) -> f.name().equals(name)).findFirst();
		}

	}

	static final List<String> DOCUMENTS = List.of("my-number-card", "passport", "residence-card", "drivers-licence",
			"health-insurance-card", "birth-certificate", "pension-book", "utility-bill", "family-register");

	static final List<String> METHODS = List.of("in-person", "chip-read", "remote-video", "postal", "self-declared");

	static final List<String> PERSON_SCOPES = List.of("openid", "profile", "birthdate", "address", "age_over_18",
			"core_identity");

	/** What a proxy may release for the person: the person scopes but the sign-in itself. */
	static final List<String> CLAIMS = PERSON_SCOPES.subList(1, PERSON_SCOPES.size());

	static final Map<String, Form> FORMS = Map.of(
			"enrol", new Form("enrol", "POST", "/api/v1/residents", "registry:write", List.of(
					Field.text("name.family"), Field.text("name.given"), Field.text("name.familyReading"),
					Field.text("name.givenReading"), Field.text("name.latin"), Field.of("birthDate", Type.DATE),
					Field.of("sex", Type.RADIOS, "female", "male", "other"), Field.text("address.country"),
					Field.text("address.postalCode"), Field.text("address.region"), Field.text("address.locality"),
					Field.text("address.streetAddress"),
					Field.of("evidence[].type", Type.SELECT, DOCUMENTS.toArray(String[]::new)),
					Field.of("evidence[].method", Type.SELECT, METHODS.toArray(String[]::new)),
					Field.text("evidence[].verifiedBy"), Field.of("confirmDifferentPerson", Type.CONFIRM))),
			"find", new Form("find", "POST", "/api/v1/residents/search", "registry:read",
					List.of(Field.text("individualNumber"))),
			"event", new Form("event", "POST", "/api/v1/residents/{id}/events", "registry:write", List.of(
					Field.of("type", Type.RADIOS, "address-changed", "name-changed", "died", "emigrated"),
					Field.of("effectiveDate", Type.DATE), Field.text("address.country"), Field.text("address.postalCode"),
					Field.text("address.region"), Field.text("address.locality"), Field.text("address.streetAddress"),
					Field.text("name.family"), Field.text("name.given"), Field.text("name.familyReading"),
					Field.text("name.givenReading"), Field.text("name.latin"), Field.of("date", Type.DATE),
					Field.text("destinationCountry"))),
			"card", new Form("card", "POST", "/api/v1/residents/{id}/cards", "pki:issue", List.of(
					Field.wide("authenticationCsr", Type.TEXTAREA),
					Field.wide("signingCsr", Type.TEXTAREA))),
			"relying-party", new Form("relying-party", "POST", "/api/v1/relying-parties", "oidc:admin", List.of(
					Field.text("name.en"), Field.text("name.ja"), Field.of("kind", Type.RADIOS, "public", "private"),
					Field.text("sectorIdentifier"), Field.wide("redirectUris", Type.LINES),
					Field.wide("jwks", Type.JSON),
					Field.of("scopes", Type.CHECKBOXES, PERSON_SCOPES.toArray(String[]::new)),
					Field.of("maxAssurance", Type.RADIOS, "low", "substantial", "high"), Field.text("policyUrl"),
					Field.text("backchannelLogoutUri"))),
			"organisation", new Form("organisation", "POST", "/api/v1/organisations", "oidc:admin", List.of(
					Field.of("kind", Type.RADIOS, "insurer", "clinic", "agency", "verifier"), Field.text("name.en"),
					Field.text("name.ja"), Field.text("identifier"), Field.wide("jwks", Type.JSON),
					Field.text("endpoint"))),
			"rule", new Form("rule", "POST", "/api/v1/exchange/rules", "exchange:admin", List.of(
					Field.of("requester", Type.SELECT), Field.of("provider", Type.SELECT), Field.text("item"),
					Field.text("purpose"), Field.text("provision"), Field.of("validFrom", Type.DATE),
					Field.of("validTo", Type.DATE))),
			"representation", new Form("representation", "POST", "/api/v1/delegations", "registry:write", List.of(
					Field.of("representedId", Type.RESIDENT),
					Field.of("kind", Type.RADIOS, "legal-representative", "guardian", "power-of-attorney"),
					Field.text("proxyId").alsoAt("/proxy"), Field.wide("services", Type.LINES),
					Field.of("claims", Type.CHECKBOXES, CLAIMS.toArray(String[]::new)), Field.of("validUntil", Type.DATE),
					Field.of("evidence.type", Type.SELECT, "family-register", "court-order", "registered-deed"),
					Field.text("evidence.reference"), Field.text("evidence.verifiedBy"))),
			"protection-order", new Form("protection-order", "POST", "/api/v1/residents/{id}/protection-orders",
					"registry:write", List.of(Field.text("respondentId"), Field.of("validUntil", Type.DATE))));

	/** What a form shows before anything is sent: Japan as the country, every service for a representation. */
	static final Map<String, Map<String, String>> DEFAULTS = Map.of("enrol", Map.of("address.country", "JP"),
			"representation", Map.of("services", "*"));

	private ConsoleForms() {
	}

	/** A problem found before the call: a JSON field that is not JSON. */
	public record Invalid(String pointer, String detail) {
	}

	/** The call's body from the submitted values; empty values are left out. */
	static ObjectNode body(Form form, Map<String, List<String>> values, JsonMapper json, List<Invalid> invalid) {
		ObjectNode body = json.createObjectNode();
		for (Field field : form.fields()) {
			List<String> given = values.getOrDefault(field.name(), List.of()).stream().map(String::strip).filter((v) -> !v.isEmpty()).toList();
			if (given.isEmpty()) {
				continue;
			}
			JsonNode value = switch (field.type()) {
				case CHECKBOXES -> {
					ArrayNode array = json.createArrayNode();
					given.forEach(array::add);
					yield array;
				}
				case LINES -> {
					ArrayNode array = json.createArrayNode();
					given.get(0).lines().map(String::strip).filter((l) -> !l.isEmpty()).forEach(array::add);
					yield array;
				}
				case JSON -> {
					try {
						yield json.readTree(given.get(0));
					}
					catch (RuntimeException ex) {
						invalid.add(new Invalid(field.pointer(), "console.notjson"));
						yield null;
					}
				}
				case CONFIRM -> json.getNodeFactory().booleanNode(true);
				default -> json.getNodeFactory().textNode(given.get(0));
			};
			if (value != null) {
				put(body, field.name(), value, json);
			}
		}
		return body;
	}

	private static void put(ObjectNode body, String name, JsonNode value, JsonMapper json) {
		String[] parts = name.split("\\.");
		ObjectNode at = body;
		for (int i = 0; i < parts.length - 1; i++) {
			String part = parts[i];
			if (part.endsWith("[]")) {
				String key = part.substring(0, part.length() - 2);
				ArrayNode array = at.has(key) ? (ArrayNode) at.get(key) : at.putArray(key);
				if (array.isEmpty()) {
					array.addObject();
				}
				at = (ObjectNode) array.get(0);
			}
			else {
				at = at.has(part) ? (ObjectNode) at.get(part) : at.putObject(part);
			}
		}
		at.set(parts[parts.length - 1], value);
	}

	/** The problems of an API answer, as (pointer, detail) pairs; a problem without any becomes one without a field. */
	static List<Invalid> problems(JsonNode problem) {
		List<Invalid> found = new ArrayList<>();
		problem.path("errors").forEach((e) -> found.add(new Invalid(e.path("pointer").asString(""), e.path("detail").asString(""))));
		if (found.isEmpty()) {
			found.add(new Invalid("", problem.path("detail").asString(problem.path("title").asString(""))));
		}
		return found;
	}

}
