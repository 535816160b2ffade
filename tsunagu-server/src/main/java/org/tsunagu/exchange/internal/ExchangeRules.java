package org.tsunagu.exchange.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.Violations;
import org.tsunagu.transparency.AccessLog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The legal-basis table: which agency may receive which item from which agency, for which purpose, under which
 * provision, from when to when (dates in the country's time zone, {@code tsunagu.zone}). An exchange that no current rule allows is refused. Rules are public law: each one added or ended is
 * logged, about no person.
 */
@Service
public class ExchangeRules {

	static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

	private final JdbcClient jdbc;

	private final Organisations organisations;

	private final AccessLog log;

	private final Clock clock;

	private final org.tsunagu.platform.TsunaguProperties properties;

	ExchangeRules(JdbcClient jdbc, Organisations organisations, AccessLog log, Clock clock,
			org.tsunagu.platform.TsunaguProperties properties) {
		this.jdbc = jdbc;
		this.organisations = organisations;
		this.log = log;
		this.clock = clock;
		this.properties = properties;
	}

	/** A rule as the operator API shows it. */
	public record Rule(UUID id, UUID requester, UUID provider, String item, String purpose, String provision,
			LocalDate validFrom, LocalDate validTo) {
	}

	/** A rule as an operator writes it. */
	public record RuleForm(String requester, String provider, String item, String purpose, String provision,
			String validFrom, String validTo) {
	}

	/** Today in the country's time zone: the day a rule's dates are compared with. */
	public LocalDate today() {
		return this.properties.today(this.clock);
	}

	@Transactional
	public Rule add(RuleForm form, String operator) {
		Violations v = new Violations();
		Organisation requester = agency(form.requester(), "/requester", v);
		Organisation provider = agency(form.provider(), "/provider", v);
		if (requester != null && provider != null && requester.id().equals(provider.id())) {
			v.add("/provider", "An agency does not ask itself through the hub.");
		}
		name(form.item(), "/item", v);
		name(form.purpose(), "/purpose", v);
		if (form.provision() == null || form.provision().isBlank() || form.provision().codePointCount(0, form.provision().length()) > 500
				|| form.provision().chars().anyMatch(Character::isISOControl)) {
			v.add("/provision", "The legal provision that allows the exchange is required: at most 500 characters, no control characters.");
		}
		LocalDate from = v.date(form.validFrom(), "/validFrom", true);
		LocalDate to = v.date(form.validTo(), "/validTo", false);
		if (from != null && to != null && to.isBefore(from)) {
			v.add("/validTo", "A rule ends on or after the day it starts.");
		}
		v.throwIfAny();
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO exchange_rule (id, requester_id, provider_id, item, purpose, provision, valid_from, valid_to,
				  created_at, created_by)
				VALUES (:id, :requester, :provider, :item, :purpose, :provision, :from, :to, :now, :by)""")
			.param("id", id)
			.param("requester", requester.id())
			.param("provider", provider.id())
			.param("item", form.item())
			.param("purpose", form.purpose())
			.param("provision", form.provision())
			.param("from", from)
			.param("to", to)
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.param("by", operator)
			.update();
		this.log.append(new AccessLog.Entry("exchange-rule:" + id, "Tsunagu exchange hub", "exchange-hub", null,
				"rule added: " + requester.identifier() + " may receive " + form.item() + " from " + provider.identifier()
						+ " from " + from + (to == null ? "" : " to " + to),
				form.purpose() + " under " + form.provision(), this.clock.instant(), Map.of()));
		return find(id).orElseThrow();
	}

	/** Ends a rule on a day (the last day it allows exchanges). */
	@Transactional
	public Rule end(UUID id, String validTo, String operator) {
		Rule rule = find(id).orElseThrow(() -> ApiProblem.notFound("The rule"));
		Violations v = new Violations();
		LocalDate to = v.date(validTo, "/validTo", true);
		if (to != null && to.isBefore(rule.validFrom())) {
			v.add("/validTo", "A rule ends on or after the day it starts.");
		}
		v.throwIfAny();
		this.jdbc.sql("UPDATE exchange_rule SET valid_to = :to WHERE id = :id").param("to", to).param("id", id).update();
		this.log.append(new AccessLog.Entry("exchange-rule-ended:" + id + ":" + UUID.randomUUID(), "Tsunagu exchange hub",
				"exchange-hub", null, "rule " + id + " ends on " + to + " (by " + operator + ")", rule.purpose() + " under "
						+ rule.provision(), this.clock.instant(), Map.of()));
		return find(id).orElseThrow();
	}

	public List<Rule> list() {
		return this.jdbc.sql("SELECT * FROM exchange_rule ORDER BY created_at, id").query(this::rule).list();
	}

	public Optional<Rule> find(UUID id) {
		return this.jdbc.sql("SELECT * FROM exchange_rule WHERE id = :id").param("id", id).query(this::rule).optional();
	}

	/** The rule that allows this exchange today, if one does. */
	public Optional<Rule> current(UUID requester, UUID provider, String item, String purpose) {
		LocalDate today = today();
		return this.jdbc.sql("""
				SELECT * FROM exchange_rule
				WHERE requester_id = :requester AND provider_id = :provider AND item = :item AND purpose = :purpose
				  AND valid_from <= :today AND (valid_to IS NULL OR valid_to >= :today)
				ORDER BY valid_from DESC, id""")
			.param("requester", requester)
			.param("provider", provider)
			.param("item", item)
			.param("purpose", purpose)
			.param("today", today)
			.query(this::rule)
			.list()
			.stream()
			.findFirst();
	}

	private Organisation agency(String id, String pointer, Violations v) {
		UUID uuid = null;
		try {
			uuid = id == null ? null : UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		Optional<Organisation> found = uuid == null ? Optional.empty() : this.organisations.find(uuid);
		if (found.isEmpty() || !"agency".equals(found.get().kind())) {
			v.add(pointer, "This is the id of a registered agency (an organisation of kind agency).");
			return null;
		}
		return found.get();
	}

	static void name(String value, String pointer, Violations v) {
		if (value == null || !NAME.matcher(value).matches()) {
			v.add(pointer, "2 to 64 lower-case letters, digits and hyphens, such as income-certificate or child-allowance.");
		}
	}

	private Rule rule(ResultSet rs, int row) throws SQLException {
		return new Rule(rs.getObject("id", UUID.class), rs.getObject("requester_id", UUID.class),
				rs.getObject("provider_id", UUID.class), rs.getString("item"), rs.getString("purpose"), rs.getString("provision"),
				rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_to", LocalDate.class));
	}

}
