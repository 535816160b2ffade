package org.tsunagu.delegation.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tsunagu.oidc.ProxyDelegations;
import org.tsunagu.oidc.ProxyServices;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.stereotype.Component;

/**
 * Whether a delegation covers a service today: live, within its days, naming the service (or every one), the
 * service accepting proxies, the represented person living, and a child's legal representative not at a service
 * the law lets the child use alone once they are 15.
 */
@Component
class DelegationQueries implements ProxyDelegations {

	static final int ALONE_FROM = 15;

	private final JdbcDelegations store;

	private final ProxyServices services;

	private final Residents residents;

	private final TsunaguProperties properties;

	private final Clock clock;

	DelegationQueries(JdbcDelegations store, ProxyServices services, Residents residents, TsunaguProperties properties,
			Clock clock) {
		this.store = store;
		this.services = services;
		this.residents = residents;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public List<Delegation> forProxy(UUID proxyId, String clientId) {
		Optional<ProxyServices.Terms> terms = this.services.terms(clientId).filter(ProxyServices.Terms::acceptsProxies);
		if (terms.isEmpty()) {
			return List.of();
		}
		LocalDate today = this.properties.today(this.clock);
		return this.store.activeForProxy(proxyId)
			.stream()
			.filter((row) -> covers(row, clientId, terms.get(), today))
			.map(DelegationQueries::delegation)
			.toList();
	}

	@Override
	public Optional<Delegation> live(UUID delegationId, String clientId) {
		Optional<ProxyServices.Terms> terms = this.services.terms(clientId).filter(ProxyServices.Terms::acceptsProxies);
		LocalDate today = this.properties.today(this.clock);
		return terms.flatMap((t) -> this.store.findLocked(delegationId).filter((row) -> covers(row, clientId, t, today)))
			.map(DelegationQueries::delegation);
	}

	@Override
	public boolean addressHidden(UUID representedId) {
		return this.store.protectedOn(representedId, this.properties.today(this.clock));
	}

	private boolean covers(JdbcDelegations.Row row, String clientId, ProxyServices.Terms terms, LocalDate today) {
		if (!row.active() || today.isBefore(row.validFrom()) || today.isAfter(row.validUntil())
				|| !(row.services().contains("*") || row.services().contains(clientId))) {
			return false;
		}
		Optional<ResidentFacts> represented = this.residents.find(row.representedId()).filter(ResidentFacts::living);
		if (represented.isEmpty()) {
			return false;
		}
		int age = DelegationRules.age(represented.get(), today);
		if ("legal-representative".equals(row.kind()) && age >= DelegationRules.ADULT) {
			// the day fixed at recording is checked, and so is the record as it is now (a corrected birth date)
			return false;
		}
		return !("legal-representative".equals(row.kind()) && terms.minorsAloneFrom15() && age >= ALONE_FROM);
	}

	private static Delegation delegation(JdbcDelegations.Row row) {
		return new Delegation(row.id(), row.representedId(), row.proxyId(), row.kind(), row.claims(), row.validUntil());
	}

}
