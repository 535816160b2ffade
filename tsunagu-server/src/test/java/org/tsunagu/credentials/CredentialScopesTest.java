package org.tsunagu.credentials;

import org.junit.jupiter.api.Test;
import org.tsunagu.credentials.issuer.CredentialConfigurations;
import org.tsunagu.oidc.CredentialScopes;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider lets wallets ask for exactly the scopes of the issuer's credential configurations. */
class CredentialScopesTest {

	@Test
	void scopesWhenComparedWithTheIssuersConfigurationsThenTheSame() {
		assertThat(CredentialConfigurations.ALL.stream().map(CredentialConfigurations.Configuration::scope))
			.containsExactlyInAnyOrderElementsOf(CredentialScopes.ALL);
	}

}
