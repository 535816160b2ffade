package org.tsunagu.oidc.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.tsunagu.oidc.ProxyServices;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

/** The registered services' terms for proxies, read from their registrations. */
@Component
class ProxyServiceDirectory implements ProxyServices {

	/** What a proxy may release for someone: their claims, never the resident API or their credentials. */
	static final Set<String> PERSON_CLAIMS = Set.of("profile", "birthdate", "address", "age_over_18", "core_identity");

	private final JdbcClient jdbc;

	private final RelyingPartyClients clients;

	ProxyServiceDirectory(JdbcClient jdbc, RelyingPartyClients clients) {
		this.jdbc = jdbc;
		this.clients = clients;
	}

	@Override
	public Optional<Terms> terms(String clientId) {
		RegisteredClient client = clientId == null ? null : this.clients.findByClientId(clientId);
		return Optional.ofNullable(client).map(ProxyServiceDirectory::terms);
	}

	@Override
	public List<Terms> acceptingProxies() {
		return this.jdbc.sql("SELECT client_id FROM relying_party ORDER BY client_id")
			.query(String.class)
			.list()
			.stream()
			.map(this::terms)
			.flatMap(Optional::stream)
			.filter(Terms::acceptsProxies)
			.toList();
	}

	@Override
	public Set<String> personScopes() {
		return PERSON_CLAIMS;
	}

	static Terms terms(RegisteredClient client) {
		Set<String> scopes = new LinkedHashSet<>(client.getScopes());
		scopes.retainAll(PERSON_CLAIMS);
		return new Terms(client.getClientId(), client.getClientName(),
				client.getClientSettings().getSetting(RelyingPartyClients.NAME_JA),
				Boolean.TRUE.equals(client.getClientSettings().getSetting(RelyingPartyClients.ACCEPTS_PROXIES)),
				Boolean.TRUE.equals(client.getClientSettings().getSetting(RelyingPartyClients.MINORS_ALONE_FROM_15)), scopes);
	}

}
