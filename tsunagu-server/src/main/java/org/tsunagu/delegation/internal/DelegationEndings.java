package org.tsunagu.delegation.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.tsunagu.delegation.DelegationEnded;
import org.tsunagu.oidc.ProviderTokens;
import org.tsunagu.pki.CertificateRevoked;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.ResidentChanged;
import org.tsunagu.registry.Residents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What ends delegations, at once and with every grant made under them: the represented person's card suspended or
 * revoked, their death (or the proxy's), a court's order (an operator), a protection order naming the proxy, the
 * person's withdrawal of a mandate or the proxy stepping down from one. Each ending is published, so that both
 * people see it in their history; the grants go in the same transaction.
 */
@Service
public class DelegationEndings {

	private final JdbcDelegations store;

	private final ProviderTokens tokens;

	private final Residents residents;

	private final ApplicationEventPublisher events;

	private final TsunaguProperties properties;

	private final Clock clock;

	DelegationEndings(JdbcDelegations store, ProviderTokens tokens, Residents residents, ApplicationEventPublisher events,
			TsunaguProperties properties, Clock clock) {
		this.store = store;
		this.tokens = tokens;
		this.residents = residents;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener
	void on(CertificateRevoked event) {
		if (!event.concernsTheCard()) {
			return;
		}
		if ("removeFromCRL".equals(event.reason())) {
			// a card taken out of suspension does not bring delegations back: they are given again
			return;
		}
		String reason = "certificateHold".equals(event.reason()) ? "card-suspended" : "card-revoked";
		this.store.activeForRepresented(event.residentId()).forEach((row) -> end(row, reason, "card-ca"));
	}

	@EventListener
	void on(ResidentChanged event) {
		if ("died".equals(event.change()) || "emigrated".equals(event.change())) {
			this.store.activeForRepresented(event.residentId()).forEach((row) -> end(row, event.change(), "registry"));
			this.store.activeForProxy(event.residentId()).forEach((row) -> end(row, event.change(), "registry"));
		}
	}

	/** An operator ends a delegation on a court's order. */
	@Transactional
	public void endByOperator(UUID id, DelegationForms.Ending form, String operator) {
		if (form == null || !"court-order".equals(form.reason())) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The request is not valid",
					"reason is court-order: an operator ends a delegation on a court's order.");
		}
		JdbcDelegations.Row row = this.store.find(id).orElseThrow(() -> ApiProblem.notFound("The delegation"));
		if (!end(row, "court-order", "operator:" + operator)) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "delegation-ended", "Already ended", "This delegation has ended already.");
		}
	}

	/**
	 * The person ends a mandate they gave (withdrawn), or a proxy steps down from one; a legal representation ends
	 * only by law (the 18th birthday) or a court's order, so neither may end it here.
	 */
	@Transactional
	public void endByResident(UUID id, UUID residentId) {
		JdbcDelegations.Row row = this.store.find(id)
			.filter((r) -> r.representedId().equals(residentId) || r.proxyId().equals(residentId))
			.orElseThrow(() -> ApiProblem.notFound("The delegation"));
		if (!"mandate".equals(row.kind())) {
			throw ApiProblem.of(HttpStatus.FORBIDDEN, "ended-by-law-only", "Ended by law or a court only",
					"A legal representation, guardianship or power of attorney ends by law or by a court's order; "
							+ "ask the registry office.");
		}
		String reason = row.representedId().equals(residentId) ? "withdrawn" : "stepped-down";
		if (!end(row, reason, "resident")) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "delegation-ended", "Already ended", "This delegation has ended already.");
		}
	}

	/**
	 * A protection order for a person: recorded, the delegations its respondent holds for the person ended, and the
	 * person's address hidden from every proxy from now on.
	 */
	@Transactional
	public void protect(UUID residentId, DelegationForms.ProtectionOrder form, String operator) {
		Violations v = new Violations();
		if (this.residents.find(residentId).isEmpty()) {
			throw ApiProblem.notFound("The resident");
		}
		if (form.respondentId() != null && (form.respondentId().equals(residentId) || this.residents.find(form.respondentId()).isEmpty())) {
			v.add("/respondentId", "The respondent is another resident's id, or left out.");
		}
		LocalDate until = form.validUntil() == null ? null
				: DelegationRules.until(form.validUntil(), this.properties.today(this.clock), null, v);
		v.throwIfAny();
		this.store.protect(UUID.randomUUID(), residentId, form.respondentId(), until, "operator:" + operator, this.clock.instant());
		if (form.respondentId() != null) {
			this.store.openForRepresented(residentId)
				.stream()
				.filter((row) -> row.proxyId().equals(form.respondentId()))
				.forEach((row) -> end(row, "protection-order", "operator:" + operator));
		}
	}

	/** Ends one delegation and its grants; whether it was live until now. */
	boolean end(JdbcDelegations.Row row, String reason, String by) {
		Instant now = this.clock.instant();
		if (!this.store.end(row.id(), reason, by, now)) {
			return false;
		}
		if ("awaiting-signature".equals(row.status())) {
			// a draft never took effect: nothing was granted under it, and the proxy was never told of it
			return true;
		}
		this.tokens.revokeDelegated(row.id());
		this.events.publishEvent(new DelegationEnded(row.id(), row.representedId(), row.proxyId(), row.kind(), reason, now));
		return true;
	}

	List<JdbcDelegations.Row> of(UUID residentId) {
		return this.store.of(residentId);
	}

}
