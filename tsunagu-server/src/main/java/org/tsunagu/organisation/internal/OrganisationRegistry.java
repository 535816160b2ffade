package org.tsunagu.organisation.internal;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.tsunagu.oidc.ServiceClients;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.Violations;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers organisations: checks the registration whole (nothing is stored when any rule fails), registers the
 * organisation's client at the OpenID Provider with the one scope its kind allows, and stores both in one
 * transaction. An organisation is registered once per kind and identifier.
 */
@Service
public class OrganisationRegistry implements Organisations {

	/**
	 * The scopes each kind of organisation gets at the OpenID Provider: an agency links a person once by number
	 * ({@code exchange:link}) and then asks by code ({@code exchange:request}); a verifier (a shop, a bank) asks a
	 * person's wallet for credentials ({@code presentation:request}).
	 */
	static final Map<String, List<String>> SCOPE = Map.of("insurer", List.of("coverage:write"), "clinic",
			List.of("eligibility:check"), "agency", List.of("exchange:link", "exchange:request"), "verifier",
			List.of("presentation:request"));

	/**
	 * Identifiers in their own domains: an insurer number (6 digits for national health insurance, 8 for the others),
	 * a medical institution code (10 digits), an agency code (lower-case letters, digits and hyphens).
	 */
	static final Map<String, Pattern> IDENTIFIER = Map.of("insurer", Pattern.compile("\\d{6}|\\d{8}"), "clinic",
			Pattern.compile("\\d{10}"), "agency", Pattern.compile("[a-z0-9][a-z0-9-]{1,39}"), "verifier",
			Pattern.compile("[a-z0-9][a-z0-9-]{1,39}"));

	private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]");

	private final JdbcClient jdbc;

	private final ServiceClients clients;

	private final Clock clock;

	/**
	 * Organisations by id and by client id, as found: a registration never changes and is never removed, so an
	 * organisation found once is the same for the life of the node (every API call of an organisation looks it up).
	 */
	private final java.util.concurrent.ConcurrentMap<Object, Organisation> found = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * Whether an agency's endpoint may be plain {@code http} to this machine's loopback address
	 * ({@code tsunagu.organisations.loopback-endpoints}): {@code auto} allows it where the demo data runs (the
	 * embedded database), so that the reference agencies can run next to the server; a production deployment
	 * refuses it, so that no registration can point the hub at the platform's own loopback services.
	 */
	private final boolean loopback;

	OrganisationRegistry(JdbcClient jdbc, ServiceClients clients, Clock clock,
			@org.springframework.beans.factory.annotation.Value("${tsunagu.organisations.loopback-endpoints:auto}") String loopback,
			@org.springframework.beans.factory.annotation.Value("${spring.datasource.url:}") String databaseUrl) {
		this.loopback = org.tsunagu.platform.DemoStart.onEmbedded(loopback, databaseUrl);
		this.jdbc = jdbc;
		this.clients = clients;
		this.clock = clock;
	}

	@Transactional
	public Organisation register(OrganisationForm form, String operator) {
		Violations v = new Violations();
		check(form, v, this.loopback);
		v.throwIfAny();
		if (this.jdbc.sql("SELECT COUNT(*) FROM organisation WHERE kind = :kind AND identifier = :identifier")
			.param("kind", form.kind())
			.param("identifier", form.identifier())
			.query(Integer.class)
			.single() > 0) {
			throw duplicate();
		}
		// the keys are checked by the OpenID Provider's rules; a problem there stores nothing here either
		String clientId = this.clients.register(form.name().en(), form.name().ja(),
				"agency".equals(form.kind()) ? "public" : "private", form.jwks(), SCOPE.get(form.kind()), operator);
		UUID id = UUID.randomUUID();
		try {
			this.jdbc.sql("""
					INSERT INTO organisation (id, kind, identifier, name_en, name_ja, client_id, endpoint, created_at, created_by)
					VALUES (:id, :kind, :identifier, :en, :ja, :client, :endpoint, :now, :by)""")
				.param("id", id)
				.param("kind", form.kind())
				.param("identifier", form.identifier())
				.param("en", form.name().en())
				.param("ja", form.name().ja())
				.param("client", clientId)
				.param("endpoint", form.endpoint())
				.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
				.param("by", operator)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// registered by another request between the check and the insert
			throw duplicate();
		}
		return find(id).orElseThrow();
	}

	@Override
	@Transactional
	public Organisation register(String kind, Organisation.Names name, String identifier, Map<String, Object> jwks,
			String endpoint, String operator) {
		return register(new OrganisationForm(kind, name, identifier, jwks, endpoint), operator);
	}

	private static ApiProblem duplicate() {
		return ApiProblem.of(HttpStatus.CONFLICT, "duplicate-organisation", "Already registered",
				"An organisation of this kind with this identifier is registered already.");
	}

	static void check(OrganisationForm form, Violations v, boolean loopback) {
		if (form.kind() == null || !SCOPE.containsKey(form.kind())) {
			v.add("/kind", "The kind is insurer, clinic, agency or verifier.");
		}
		if (form.name() == null) {
			v.add("/name", "The organisation's name is required in English (en) and Japanese (ja).");
		}
		else {
			text(form.name().en(), "/name/en", v);
			text(form.name().ja(), "/name/ja", v);
		}
		Pattern identifier = form.kind() == null ? null : IDENTIFIER.get(form.kind());
		if (form.identifier() == null || (identifier != null && !identifier.matcher(form.identifier()).matches())) {
			v.add("/identifier", "An insurer number has 6 or 8 digits, a medical institution code 10 digits, an agency "
					+ "code or a verifier's code 2 to 40 lower-case letters, digits and hyphens.");
		}
		if (form.jwks() == null) {
			v.add("/jwks", "The organisation's public keys (a JSON Web Key Set) are required: it authenticates with them.");
		}
		if ("agency".equals(form.kind())) {
			if (!endpoint(form.endpoint(), loopback)) {
				v.add("/endpoint", loopback
						? "An agency's endpoint is an https URL (plain http only to 127.0.0.1 or [::1]), without user "
								+ "information or fragment."
						: "An agency's endpoint is an https URL to another host, without user information or fragment.");
			}
		}
		else if (form.endpoint() != null) {
			v.add("/endpoint", "Only an agency has an endpoint.");
		}
	}

	private static boolean endpoint(String value, boolean loopback) {
		if (value == null || value.length() > 500) {
			return false;
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (Exception ex) {
			return false;
		}
		if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
			return false;
		}
		if (LOOPBACK.contains(uri.getHost()) || "localhost".equalsIgnoreCase(uri.getHost())) {
			return loopback && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
		}
		return "https".equals(uri.getScheme());
	}

	private static void text(String value, String pointer, Violations v) {
		if (value == null || value.isBlank()) {
			v.add(pointer, "This name is required.");
		}
		else if (value.codePointCount(0, value.length()) > 100 || value.chars().anyMatch(Character::isISOControl)) {
			v.add(pointer, "A name has at most 100 characters and no control characters.");
		}
	}

	@Override
	public Optional<Organisation> find(UUID id) {
		Organisation known = this.found.get(id);
		if (known != null) {
			return Optional.of(known);
		}
		return remember(id,
				this.jdbc.sql("SELECT * FROM organisation WHERE id = :id").param("id", id).query(this::organisation).optional());
	}

	private Optional<Organisation> remember(Object key, Optional<Organisation> organisation) {
		// only a committed registration is remembered: a caller's transaction that is rolled back may have read its own
		if (organisation.isPresent()
				&& !org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive()) {
			this.found.put(key, organisation.get());
		}
		return organisation;
	}

	public List<Organisation> list() {
		return this.jdbc.sql("SELECT * FROM organisation ORDER BY created_at, id").query(this::organisation).list();
	}

	@Override
	public List<Organisation> agencies() {
		return this.jdbc.sql("SELECT * FROM organisation WHERE kind = 'agency' ORDER BY identifier").query(this::organisation).list();
	}

	@Override
	public Optional<Organisation> findByClientId(String clientId) {
		Organisation known = this.found.get(clientId);
		if (known != null) {
			return Optional.of(known);
		}
		return remember(clientId, this.jdbc.sql("SELECT * FROM organisation WHERE client_id = :client")
			.param("client", clientId)
			.query(this::organisation)
			.optional());
	}

	private Organisation organisation(ResultSet rs, int row) throws SQLException {
		Instant created = rs.getTimestamp("created_at").toInstant();
		return new Organisation(rs.getObject("id", UUID.class), rs.getString("kind"),
				new Organisation.Names(rs.getString("name_en"), rs.getString("name_ja")), rs.getString("identifier"),
				rs.getString("client_id"), rs.getString("endpoint"), created);
	}

}
