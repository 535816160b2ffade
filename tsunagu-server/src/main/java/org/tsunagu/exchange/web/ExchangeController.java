package org.tsunagu.exchange.web;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.tsunagu.exchange.internal.AgencyCodes;
import org.tsunagu.exchange.internal.ExchangeHub;
import org.tsunagu.exchange.internal.ExchangeRules;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.ApiProblem;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The exchange hub's API: agencies link a person once and then ask by code ({@code exchange:link},
 * {@code exchange:request}, each agency's own client-credentials token); operators keep the legal-basis table
 * ({@code exchange:admin}); the hub's keys are public. The agency protocol is written up in
 * {@code docs/exchange-protocol.md}.
 */
@RestController
@RequestMapping(path = "/api/v1/exchange", produces = MediaType.APPLICATION_JSON_VALUE)
final class ExchangeController {

	/** A signed request is a few hundred bytes; 16 KiB leaves room and refuses anything else. */
	static final int MAX_REQUEST = 16 * 1024;

	private final ExchangeHub hub;

	private final AgencyCodes codes;

	private final ExchangeRules rules;

	private final Organisations organisations;

	ExchangeController(ExchangeHub hub, AgencyCodes codes, ExchangeRules rules, Organisations organisations) {
		this.hub = hub;
		this.codes = codes;
		this.rules = rules;
		this.organisations = organisations;
	}

	@GetMapping(path = "/jwks", produces = { "application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<Map<String, Object>> keys() {
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic()).body(this.hub.keys());
	}

	record LinkRequest(String individualNumber) {

		@Override
		public String toString() {
			return "LinkRequest[individualNumber=redacted]";
		}

	}

	@PostMapping(path = "/codes", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> link(@RequestBody LinkRequest request, Authentication caller) {
		return Map.of("code", this.codes.link(agency(caller), request.individualNumber()));
	}

	/** The agencies an agency may name as provider: id, identifier and name. */
	@GetMapping("/agencies")
	List<Map<String, Object>> agencies(Authentication caller) {
		agency(caller);
		return this.organisations.agencies().stream().map((o) -> {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("id", o.id());
			view.put("identifier", o.identifier());
			view.put("name", o.name());
			return view;
		}).toList();
	}

	@PostMapping(path = "/requests", consumes = "application/jose")
	ExchangeHub.Result request(@RequestBody String body, Authentication caller) {
		Organisation requester = agency(caller);
		if (body.length() > MAX_REQUEST) {
			throw ApiProblem.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large",
					"A signed exchange request is at most 16 KiB. Nothing was relayed.");
		}
		return this.hub.exchange(requester, body);
	}

	@GetMapping("/requests/{requestId}")
	ExchangeHub.Result requested(@PathVariable String requestId, Authentication caller) {
		return this.hub.find(agency(caller), requestId).orElseThrow(() -> ApiProblem.notFound("The request"));
	}

	@PostMapping(path = "/rules", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ExchangeRules.Rule> addRule(@RequestBody ExchangeRules.RuleForm form, Authentication operator) {
		ExchangeRules.Rule rule = this.rules.add(form, operator.getName());
		return ResponseEntity.created(URI.create("/api/v1/exchange/rules/" + rule.id())).body(rule);
	}

	@GetMapping("/rules")
	List<ExchangeRules.Rule> rules() {
		return this.rules.list();
	}

	@GetMapping("/rules/{id}")
	ExchangeRules.Rule rule(@PathVariable String id) {
		return this.rules.find(uuid(id)).orElseThrow(() -> ApiProblem.notFound("The rule"));
	}

	record RuleEnd(String validTo) {
	}

	/** Ends a rule: {@code {"validTo": "YYYY-MM-DD"}}, the last day it allows exchanges. */
	@PatchMapping(path = "/rules/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ExchangeRules.Rule endRule(@PathVariable String id, @RequestBody RuleEnd end, Authentication operator) {
		return this.rules.end(uuid(id), end.validTo(), operator.getName());
	}

	private static UUID uuid(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.notFound("The rule");
		}
	}

	private Organisation agency(Authentication caller) {
		String clientId = caller instanceof JwtAuthenticationToken jwt ? jwt.getToken().getClaimAsString("client_id") : null;
		return (clientId == null ? Optional.<Organisation>empty() : this.organisations.findByClientId(clientId))
			.filter((organisation) -> "agency".equals(organisation.kind()))
			.orElseThrow(() -> ApiProblem.of(HttpStatus.FORBIDDEN, "not-an-agency", "Not an agency",
					"Exchanges are made by a registered agency with its own token."));
	}

}
