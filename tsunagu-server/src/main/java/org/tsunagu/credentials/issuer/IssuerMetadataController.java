package org.tsunagu.credentials.issuer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a wallet or verifier reads before anything else: the credential issuer metadata (OpenID4VCI section 12.2),
 * the JWT VC issuer metadata with the issuer's key (SD-JWT VC section 5), and the type metadata of each {@code vct}
 * (SD-JWT VC section 6), with names in English and Japanese.
 */
@RestController
class IssuerMetadataController {

	private final PublicUrl publicUrl;

	private final IssuerKey key;

	IssuerMetadataController(PublicUrl publicUrl, IssuerKey key) {
		this.publicUrl = publicUrl;
		this.key = key;
	}

	@GetMapping(path = "/.well-known/openid-credential-issuer", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> issuer() {
		String base = this.publicUrl.base();
		Map<String, Object> configurations = new LinkedHashMap<>();
		for (CredentialConfigurations.Configuration c : CredentialConfigurations.ALL) {
			Map<String, Object> configuration = new LinkedHashMap<>();
			configuration.put("format", SdJwtVcs.TYPE);
			configuration.put("scope", c.scope());
			configuration.put("vct", CredentialIssuance.vct(base, c));
			configuration.put("cryptographic_binding_methods_supported", List.of("jwk"));
			configuration.put("credential_signing_alg_values_supported", List.of("ES256"));
			configuration.put("proof_types_supported",
					Map.of("jwt", Map.of("proof_signing_alg_values_supported", List.of("ES256"))));
			configuration.put("credential_metadata", Map.of("display", display(c.en(), c.ja()), "claims",
					c.claims().stream().map((claim) -> Map.of("path", claim.path(), "display", display(claim.en(), claim.ja()))).toList()));
			configurations.put(c.id(), configuration);
		}
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("credential_issuer", base);
		metadata.put("authorization_servers", List.of(base));
		metadata.put("credential_endpoint", base + "/api/v1/credentials/credential");
		metadata.put("nonce_endpoint", base + "/credentials/nonce");
		metadata.put("deferred_credential_endpoint", base + "/api/v1/credentials/deferred_credential");
		metadata.put("batch_credential_issuance", Map.of("batch_size", CredentialIssuance.BATCH_SIZE));
		metadata.put("display", display("Tsunagu", "つなぐ"));
		metadata.put("credential_configurations_supported", configurations);
		return cached(metadata);
	}

	@GetMapping(path = "/.well-known/jwt-vc-issuer", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> jwtVcIssuer() {
		return cached(Map.of("issuer", this.publicUrl.base(), "jwks", this.key.publicKeys()));
	}

	@GetMapping(path = "/credentials/types/{type}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> type(@PathVariable String type) {
		CredentialConfigurations.Configuration c = CredentialConfigurations.byType(type)
			.orElseThrow(() -> ApiProblem.notFound("The credential type"));
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("vct", CredentialIssuance.vct(this.publicUrl.base(), c));
		metadata.put("name", c.en());
		metadata.put("display", List.of(Map.of("locale", "en", "name", c.en()), Map.of("locale", "ja", "name", c.ja())));
		metadata.put("claims", c.claims()
			.stream()
			.map((claim) -> Map.of("path", claim.path(), "sd", "always", "display",
					List.of(Map.of("locale", "en", "label", claim.en()), Map.of("locale", "ja", "label", claim.ja()))))
			.toList());
		return cached(metadata);
	}

	private static List<Map<String, String>> display(String en, String ja) {
		return List.of(Map.of("name", en, "locale", "en"), Map.of("name", ja, "locale", "ja"));
	}

	private static ResponseEntity<Map<String, Object>> cached(Map<String, Object> body) {
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(body);
	}

}
