package org.tsunagu.oidc.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.oidc.ProviderTokens;
import org.tsunagu.platform.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A resident's own view of what they shared: {@code GET /api/v1/me/consents} lists every service with the claims
 * it may receive; {@code DELETE /api/v1/me/consents/{clientId}} withdraws a consent, revokes the service's tokens
 * and tells the service (back-channel logout). Called with the resident's own token (scope {@code me:read}): the
 * resident's wallet sees and withdraws every consent, any other service only its own.
 */
@RestController
class MeController {

	private final ProviderTokens tokens;

	private final Consents consents;

	private final BackChannelLogout logout;

	MeController(ProviderTokens tokens, Consents consents, BackChannelLogout logout) {
		this.tokens = tokens;
		this.consents = consents;
		this.logout = logout;
	}

	/** The resident's own wallet sees every service; any other service sees only itself. */
	private static boolean sees(Jwt token, String clientId) {
		String holder = token.getClaimAsString("client_id");
		return ProviderTokens.firstParty(token) || clientId.equals(holder);
	}

	@GetMapping("/api/v1/me/consents")
	Map<String, Object> consents(@AuthenticationPrincipal Jwt token) {
		UUID resident = resident(token);
		List<Map<String, Object>> items = this.consents.of(resident).stream().filter((row) -> sees(token, row.clientId())).map((row) -> {
			Map<String, Object> item = new java.util.LinkedHashMap<>();
			item.put("clientId", row.clientId());
			item.put("service", Map.of("en", row.nameEn(), "ja", row.nameJa()));
			item.put("scopes", row.scopes());
			item.put("claims", row.scopes().stream().flatMap((s) -> ResidentClaims.CLAIMS_BY_SCOPE.getOrDefault(s, List.of()).stream()).toList());
			item.put("grantedAt", row.grantedAt().toString());
			if (row.withdrawnAt() != null) {
				item.put("withdrawnAt", row.withdrawnAt().toString());
			}
			return item;
		}).toList();
		return Map.of("consents", items);
	}

	@DeleteMapping("/api/v1/me/consents/{clientId}")
	ResponseEntity<Void> withdraw(@AuthenticationPrincipal Jwt token, @PathVariable String clientId) {
		UUID resident = resident(token);
		if (clientId.length() > 64 || !sees(token, clientId) || !this.consents.withdraw(resident, clientId)) {
			throw ApiProblem.notFound("A live consent for this service");
		}
		this.logout.signOut(resident.toString(), clientId, token.getClaimAsString("iss"));
		return ResponseEntity.noContent().build();
	}

	private UUID resident(Jwt token) {
		return this.tokens.resident(token)
			.orElseThrow(() -> ApiProblem.of(HttpStatus.FORBIDDEN, "not-a-resident", "Not a resident's token",
					"This call needs a resident's own access token."));
	}

}
