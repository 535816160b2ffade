package org.tsunagu.credentials.issuer;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The level a credential needs: the identification, residence and insurance credentials only after a sign-in at
 * level high (the card), the age credential at substantial (a passkey), whatever scopes the token carries.
 */
@TsunaguTest
class CredentialLevelTest {

	@Autowired
	CredentialIssuance issuance;

	@Autowired
	TestApi api;

	@Test
	void credentialWhenTheSignInIsBelowItsLevelThenDeniedBeforeAnyProofIsRead() {
		UUID resident = UUID.fromString(this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString());
		for (String configuration : List.of("tsunagu_pid", "tsunagu_residence", "tsunagu_insurance")) {
			assertThatThrownBy(() -> this.issuance.issue(
					new CredentialIssuance.Caller(resident, Set.of(configuration), "substantial"), configuration, List.of()))
				.as(configuration)
				.isInstanceOfSatisfying(ApiProblem.class, (problem) -> {
					assertThat(problem.getStatusCode().value()).isEqualTo(403);
					assertThat(problem.getBody().getProperties()).containsEntry("error", "credential_request_denied");
					assertThat(problem.getBody().getDetail()).contains("level high");
				});
		}
		// the age credential asks only for substantial: the same call goes on to the proofs
		assertThatThrownBy(() -> this.issuance.issue(new CredentialIssuance.Caller(resident, Set.of("tsunagu_age"), "substantial"),
				"tsunagu_age", List.of()))
			.isInstanceOfSatisfying(ApiProblem.class, (problem) -> assertThat(problem.getBody().getProperties())
				.containsEntry("error", "invalid_proof"));
	}

}
