package org.tsunagu.wallet.credentials;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where an issuer's well-known documents are (RFC 8414 section 3.1). */
class IssuerMetadataTest {

	@Test
	void wellKnownWhenNoPathThenAtTheRoot() {
		assertThat(IssuerMetadata.wellKnown("https://issuer.example", "openid-credential-issuer"))
			.isEqualTo("https://issuer.example/.well-known/openid-credential-issuer");
		assertThat(IssuerMetadata.wellKnown("http://localhost:8080/", "jwt-vc-issuer"))
			.isEqualTo("http://localhost:8080/.well-known/jwt-vc-issuer");
	}

	@Test
	void wellKnownWhenAPathThenBetweenHostAndPath() {
		assertThat(IssuerMetadata.wellKnown("https://issuer.example/tenant/1", "oauth-authorization-server"))
			.isEqualTo("https://issuer.example/.well-known/oauth-authorization-server/tenant/1");
	}

}
