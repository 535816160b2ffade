package org.tsunagu.oidc.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.oidc.ProxyDelegations;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Whom are you signing in for?": after the sign-in, a person who holds a delegation covering the service (which
 * accepts proxies) chooses themselves or someone they may act for; the sign-in then goes on as that person, with
 * the proxy as the actor. Shown only where a delegation covers the service, so a service that does not accept
 * proxies never offers the choice.
 */
@Controller
class ProxyChoiceController {

	private final ProxyChoices choices;

	private final Residents residents;

	private final RelyingPartyClients clients;

	private final SignInController signIn;

	private final SealedAuthorizations authorizations;

	ProxyChoiceController(ProxyDelegations delegations, Residents residents, RelyingPartyClients clients,
			SignInController signIn, SealedAuthorizations authorizations) {
		this.authorizations = authorizations;
		this.choices = new ProxyChoices(delegations);
		this.residents = residents;
		this.clients = clients;
		this.signIn = signIn;
	}

	/** A person this sign-in may be for, as the page lists them. */
	record Option(String value, String name, String kind, String until) {
	}

	@GetMapping("/signin/for")
	String page(@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(name = "request_uri", required = false) String requestUri, Model model) {
		ResidentAuthentication current = current();
		RegisteredClient client = clientId == null ? null : this.clients.findByClientId(clientId);
		if (current == null || client == null || !valid(requestUri) || !pending(requestUri, clientId)) {
			model.addAttribute("error", "invalid_request");
			return "signin/error";
		}
		ResidentAuthentication self = current.self();
		List<Option> options = this.choices.options(current, clientId)
			.stream()
			.map((d) -> new Option(d.id().toString(), name(d.representedId()), d.kind(), d.validUntil().toString()))
			.toList();
		model.addAttribute("service", client);
		model.addAttribute("serviceJa", client.getClientSettings().getSetting(RelyingPartyClients.NAME_JA));
		model.addAttribute("clientId", clientId);
		model.addAttribute("requestUri", requestUri);
		model.addAttribute("self", name(self.residentId()));
		model.addAttribute("options", options);
		return "signin/for";
	}

	@PostMapping("/signin/for")
	String choose(@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(name = "request_uri", required = false) String requestUri,
			@RequestParam(name = "for", required = false) String chosen, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		ResidentAuthentication current = current();
		if (current == null || clientId == null || this.clients.findByClientId(clientId) == null || !valid(requestUri)
				|| !pending(requestUri, clientId)) {
			model.addAttribute("error", "invalid_request");
			return "signin/error";
		}
		ResidentAuthentication self = current.self();
		ResidentAuthentication next = null;
		if ("self".equals(chosen)) {
			next = self;
		}
		else if (chosen != null) {
			for (ProxyDelegations.Delegation d : this.choices.options(current, clientId)) {
				if (d.id().toString().equals(chosen)) {
					next = self.actingFor(d.representedId(), d.id(), d.kind(), d.claims());
				}
			}
		}
		if (next == null) {
			model.addAttribute("choiceError", true);
			return page(clientId, requestUri, model);
		}
		this.signIn.signIn(request, response, next);
		request.getSession().setAttribute(ProxyChoices.CHOSEN, requestUri);
		return "redirect:/oauth2/authorize?client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
				+ "&request_uri=" + URLEncoder.encode(requestUri, StandardCharsets.UTF_8);
	}

	/** Whether the request_uri names a pushed request of this client still waiting: a choice is made only for one. */
	private boolean pending(String requestUri, String clientId) {
		var pushed = this.authorizations.findByToken(requestUri.substring(AuthenticationRequirements.REQUEST_URI_PREFIX.length()),
				new org.springframework.security.oauth2.server.authorization.OAuth2TokenType("state"));
		var request = pushed == null ? null
				: pushed.<org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest>getAttribute(
						org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest.class.getName());
		return request != null && clientId.equals(request.getClientId());
	}

	private static ResidentAuthentication current() {
		return SecurityContextHolder.getContext().getAuthentication() instanceof ResidentAuthentication r ? r : null;
	}

	private static boolean valid(String requestUri) {
		return requestUri != null && requestUri.startsWith(AuthenticationRequirements.REQUEST_URI_PREFIX)
				&& requestUri.length() <= 300;
	}

	private String name(java.util.UUID residentId) {
		return this.residents.find(residentId).map(ResidentFacts::fullName).orElse("—");
	}

}
