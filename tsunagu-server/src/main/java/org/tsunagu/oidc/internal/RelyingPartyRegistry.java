package org.tsunagu.oidc.internal;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.JsonViolations;
import org.tsunagu.platform.Violations;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Registers relying parties, and changes them by JSON merge patch (RFC 7396), checking the whole registration
 * again after every change. Client ids are random and opaque.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7396">RFC 7396</a>
 */
@Service
public final class RelyingPartyRegistry {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final RelyingPartyClients clients;

	RelyingPartyRegistry(JdbcClient jdbc, JsonMapper json, Clock clock, RelyingPartyClients clients) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.clients = clients;
	}

	public View register(RelyingPartyForm form, String operator) {
		RelyingPartyForm checked = checked(form);
		byte[] id = new byte[16];
		this.random.nextBytes(id);
		String clientId = "rp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				INSERT INTO relying_party (client_id, name_en, name_ja, kind, sector_identifier, registration,
				  created_at, updated_at, updated_by)
				VALUES (:id, :en, :ja, :kind, :sector, :registration, :now, :now, :by)""")
			.param("id", clientId)
			.param("en", checked.name().en())
			.param("ja", checked.name().ja())
			.param("kind", checked.kind())
			.param("sector", checked.sectorIdentifier() == null ? "" : checked.sectorIdentifier())
			.param("registration", this.json.writeValueAsString(checked))
			.param("now", now.atOffset(ZoneOffset.UTC))
			.param("by", operator)
			.update();
		return find(clientId);
	}

	public View find(String clientId) {
		return this.jdbc.sql("SELECT client_id, registration, created_at, updated_at FROM relying_party WHERE client_id = :id")
			.param("id", clientId)
			.query((rs, n) -> view(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getTimestamp(4).toInstant()))
			.optional()
			.orElseThrow(() -> ApiProblem.notFound("The relying party"));
	}

	public List<View> list() {
		return this.jdbc.sql("SELECT client_id, registration, created_at, updated_at FROM relying_party ORDER BY name_en")
			.query((rs, n) -> view(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getTimestamp(4).toInstant()))
			.list();
	}

	/** Applies a JSON merge patch to a registration; nothing changes unless the result meets every rule. */
	public View patch(String clientId, JsonNode patch, String operator) {
		View current = find(clientId);
		if (!(patch instanceof ObjectNode)) {
			Violations v = new Violations();
			v.add("", "A merge patch is a JSON object.");
			v.throwIfAny();
		}
		ObjectNode merged = (ObjectNode) this.json.valueToTree(current.registration());
		merge(merged, (ObjectNode) patch);
		RelyingPartyForm form;
		try {
			form = this.json.treeToValue(merged, RelyingPartyForm.class);
		}
		catch (JacksonException ex) {
			Violations v = new Violations();
			v.add(JsonViolations.of(ex).pointer(), JsonViolations.of(ex).detail());
			v.throwIfAny();
			return current;
		}
		RelyingPartyForm checked = checked(form);
		this.jdbc.sql("""
				UPDATE relying_party SET name_en = :en, name_ja = :ja, kind = :kind, sector_identifier = :sector,
				  registration = :registration, updated_at = :now, updated_by = :by WHERE client_id = :id""")
			.param("en", checked.name().en())
			.param("ja", checked.name().ja())
			.param("kind", checked.kind())
			.param("sector", checked.sectorIdentifier() == null ? "" : checked.sectorIdentifier())
			.param("registration", this.json.writeValueAsString(checked))
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.param("by", operator)
			.param("id", clientId)
			.update();
		this.clients.changed(clientId);
		return find(clientId);
	}

	private static RelyingPartyForm checked(RelyingPartyForm form) {
		Violations v = new Violations();
		RelyingPartyRules.check(form, v);
		v.throwIfAny();
		return new RelyingPartyForm(form.name(), form.kind(),
				form.sectorIdentifier() == null ? null : URI.create(form.sectorIdentifier()).toString(),
				form.redirectUris() == null ? List.of() : List.copyOf(form.redirectUris()), form.jwks(), form.jwksUri(),
				form.scopes() == null ? List.of() : List.copyOf(form.scopes()),
				form.maxAssurance(), form.policyUrl(), "private_key_jwt",
				form.serviceScopes() == null ? List.of() : List.copyOf(form.serviceScopes()),
				form.postLogoutRedirectUris() == null ? List.of() : List.copyOf(form.postLogoutRedirectUris()),
				form.backchannelLogoutUri(), Boolean.TRUE.equals(form.acceptsProxies()) ? Boolean.TRUE : null,
				Boolean.TRUE.equals(form.minorsAloneFrom15()) ? Boolean.TRUE : null,
				Boolean.TRUE.equals(form.requireSignedRequestObject()) ? Boolean.TRUE : null);
	}

	/** RFC 7396: members of the patch replace, null removes, objects merge recursively. */
	static void merge(ObjectNode target, ObjectNode patch) {
		Iterator<Map.Entry<String, JsonNode>> fields = patch.properties().iterator();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			JsonNode value = field.getValue();
			if (value.isNull()) {
				target.remove(field.getKey());
			}
			else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode existing
					&& !field.getKey().equals("jwks")) {
				merge(existing, (ObjectNode) value);
			}
			else {
				target.set(field.getKey(), value);
			}
		}
	}

	private View view(String clientId, String registration, Instant created, Instant updated) {
		return new View(clientId, this.json.readValue(registration, RelyingPartyForm.class), created, updated);
	}

	/** A registered relying party. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record View(String clientId, RelyingPartyForm registration, Instant createdAt, Instant updatedAt) {
	}

}
