package org.tsunagu.oidc.internal;

import java.util.List;
import java.util.Map;

import org.tsunagu.oidc.ServiceClients;

import org.springframework.stereotype.Service;

/** Service clients registered through the relying-party registry, with its rules and its store. */
@Service
class ServiceClientRegistrations implements ServiceClients {

	private final RelyingPartyRegistry registry;

	ServiceClientRegistrations(RelyingPartyRegistry registry) {
		this.registry = registry;
	}

	@Override
	public String register(String nameEn, String nameJa, String kind, Map<String, Object> jwks, List<String> scopes,
			String operator) {
		RelyingPartyForm form = new RelyingPartyForm(new RelyingPartyForm.Names(nameEn, nameJa), kind, null, List.of(), jwks,
				null, List.of(), "low", null, "private_key_jwt", scopes, null, null);
		return this.registry.register(form, operator).clientId();
	}

}
