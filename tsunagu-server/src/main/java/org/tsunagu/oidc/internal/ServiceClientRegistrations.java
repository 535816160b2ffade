package org.tsunagu.oidc.internal;

import java.util.List;
import java.util.Map;

import org.tsunagu.oidc.ServiceClients;

import org.springframework.stereotype.Service;

/** Service clients registered through the relying-party registry, with its rules and its store. */
@Service
class ServiceClientRegistrations implements ServiceClients {

	private final RelyingPartyRegistry registry;

	private final RelyingPartyClients clients;

	ServiceClientRegistrations(RelyingPartyRegistry registry, RelyingPartyClients clients) {
		this.registry = registry;
		this.clients = clients;
	}

	@Override
	public java.util.Optional<com.nimbusds.jose.jwk.JWKSet> keys(String clientId) {
		var client = this.clients.findByClientId(clientId);
		String inline = client == null ? null : client.getClientSettings().getSetting(RelyingPartyClients.JWKS);
		if (inline == null) {
			return java.util.Optional.empty();
		}
		try {
			return java.util.Optional.of(com.nimbusds.jose.jwk.JWKSet.parse(inline));
		}
		catch (java.text.ParseException ex) {
			// registered keys were checked when they were stored
			throw new IllegalStateException("The registered keys of a service client cannot be read", ex);
		}
	}

	@Override
	public String register(String nameEn, String nameJa, String kind, Map<String, Object> jwks, List<String> scopes,
			String operator) {
		RelyingPartyForm form = new RelyingPartyForm(new RelyingPartyForm.Names(nameEn, nameJa), kind, null, List.of(), jwks,
				null, List.of(), "low", null, "private_key_jwt", scopes, null, null, null, null, null);
		return this.registry.register(form, operator).clientId();
	}

}
