package org.tsunagu.credentials.verifier;

import java.util.Map;

import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.RateLimits;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The verifier's endpoints: a verifier organisation's requests and their outcomes ({@code /api/v1/presentations},
 * its own DPoP-bound token, scope {@code presentation:request}), and the wallet's side: the request object by
 * reference and the response, {@code direct_post} or encrypted ({@code direct_post.jwt}).
 */
@RestController
class PresentationController {

	static final String REQUEST_OBJECT = "application/oauth-authz-req+jwt";

	/** Wallets' answers per address: each is a JWE or a presentation to parse and check, anonymous. */
	static final RateLimits.Rate RESPONSES = new RateLimits.Rate("presentation-response", 600, 100);

	private final PresentationRequests requests;

	private final PresentationResponses responses;

	private final Organisations organisations;

	private final RateLimits limits;

	PresentationController(PresentationRequests requests, PresentationResponses responses, Organisations organisations,
			RateLimits limits) {
		this.limits = limits;
		this.requests = requests;
		this.responses = responses;
		this.organisations = organisations;
	}

	@PostMapping(path = "/api/v1/presentations", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> create(Authentication authentication, @RequestBody Map<String, Object> body) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.cacheControl(CacheControl.noStore())
			.body(this.requests.create(verifier(authentication), body.get("dcql_query"), body.get("response_mode")));
	}

	@GetMapping(path = "/api/v1/presentations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> outcome(Authentication authentication, @PathVariable String id) {
		Map<String, Object> outcome = this.requests.outcome(verifier(authentication), id)
			.orElseThrow(() -> ApiProblem.notFound("The presentation request"));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(outcome);
	}

	@GetMapping(path = "/presentations/requests/{requestId}")
	ResponseEntity<String> requestObject(@PathVariable String requestId) {
		String jwt = this.requests.requestObject(requestId)
			.orElseThrow(() -> ApiProblem.of(HttpStatus.NOT_FOUND, "presentation-not-pending", "No such request",
					"The request is unknown, expired, or answered already."));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(REQUEST_OBJECT))
			.cacheControl(CacheControl.noStore())
			.body(jwt);
	}

	@PostMapping(path = "/presentations/responses", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> response(@RequestParam(name = "state", required = false) String state,
			@RequestParam(name = "vp_token", required = false) String vpToken,
			@RequestParam(name = "error", required = false) String error,
			@RequestParam(name = "response", required = false) String encrypted,
			jakarta.servlet.http.HttpServletRequest request) {
		this.limits.check(RESPONSES, request);
		try {
			if (encrypted != null) {
				// direct_post.jwt (OpenID4VP section 8.3): everything is inside the JWE
				if (state != null || vpToken != null || error != null) {
					throw invalid("An encrypted response carries only the response parameter.");
				}
				this.responses.answerEncrypted(encrypted);
			}
			else if (error != null && vpToken == null) {
				// the wallet's error response (OpenID4VP section 8.5): the request ends refused, and the wallet is told it was heard
				this.responses.decline(state, error, false);
			}
			else if (error != null || vpToken == null || vpToken.length() > 200_000) {
				throw invalid("A response carries vp_token (at most 200,000 characters) and state.");
			}
			else {
				this.responses.answer(state, vpToken, false);
			}
		}
		catch (PresentationResponses.Rejected ex) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "presentation-refused", "Presentation refused", ex.getMessage(),
					Map.of("error", "invalid_request", "error_description", ex.getMessage(), "reason", ex.refusal().reason()));
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of());
	}

	private static ApiProblem invalid(String detail) {
		return ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The request is not valid", detail,
				Map.of("error", "invalid_request"));
	}

	private Organisation verifier(Authentication authentication) {
		String client = authentication instanceof JwtAuthenticationToken token ? token.getToken().getClaimAsString("client_id") : null;
		return this.organisations.findByClientId(client)
			.filter((o) -> "verifier".equals(o.kind()))
			.orElseThrow(() -> ApiProblem.of(HttpStatus.FORBIDDEN, "not-a-verifier", "Not a verifier",
					"Presentation requests are made by an organisation registered as a verifier."));
	}

}
