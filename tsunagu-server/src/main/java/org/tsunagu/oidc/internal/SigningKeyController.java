package org.tsunagu.oidc.internal;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators rotate the provider's signing key: {@code POST /api/v1/oidc/signing-keys} introduces a new key at
 * once, and the old one stays in the JWKS until every token it signed has expired. Role {@code oidc:admin}.
 */
@RestController
class SigningKeyController {

	private final SigningKeys keys;

	SigningKeyController(SigningKeys keys) {
		this.keys = keys;
	}

	@GetMapping("/api/v1/oidc/signing-keys")
	Map<String, List<SigningKeys.KeyView>> list() {
		this.keys.active();
		return Map.of("keys", this.keys.list());
	}

	@PostMapping("/api/v1/oidc/signing-keys")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, List<SigningKeys.KeyView>> rotate() {
		return Map.of("keys", this.keys.rotate());
	}

}
