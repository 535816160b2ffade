package org.tsunagu.wallet.credentials;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tsunagu.wallet.WalletException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DCQL this wallet answers, and what it refuses rather than half understand. */
class DcqlQueryTest {

	@Test
	void parseWhenSdJwtQueriesThenIdsTypesAndPaths() {
		DcqlQuery query = DcqlQuery.parse(Wire.JSON.readTree("""
				{"credentials":[{"id":"age","format":"dc+sd-jwt","meta":{"vct_values":["https://issuer.example/credentials/types/age"]},
				  "claims":[{"path":["age_over_20"]}]},
				 {"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["a","b"]},"claims":[{"id":"c","path":["address","locality"]}]}]}"""));
		assertThat(query.credentials()).extracting(DcqlQuery.CredentialQuery::id).containsExactly("age", "pid");
		assertThat(query.credentials().get(1).vctValues()).containsExactly("a", "b");
		assertThat(query.credentials().get(1).paths()).containsExactly(List.of("address", "locality"));
	}

	@Test
	void parseWhenNoClaimsThenNoPaths() {
		assertThat(DcqlQuery.parse(Wire.JSON.readTree("{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"x\"]}}]}"))
			.credentials().get(0).paths()).isEmpty();
	}

	@Test
	void parseWhenWhatThisWalletDoesNotAnswerThenRefused() {
		String q = "{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"x\"]},\"claims\":[{\"path\":[\"a\"]}]}";
		List<String> refused = List.of("{}", "{\"credentials\":[]}", "{\"credentials\":[" + q + "],\"credential_sets\":[]}",
				"{\"credentials\":[" + q.replace("dc+sd-jwt", "mso_mdoc") + "]}",
				"{\"credentials\":[" + q.replace("[\"a\"]}", "[\"a\",0]}") + "]}",
				"{\"credentials\":[" + q.replace("[\"a\"]}", "[\"a\"],\"values\":[true]}") + "]}",
				"{\"credentials\":[" + q.replace("\"claims\"", "\"claim_sets\":[[\"a\"]],\"claims\"") + "]}",
				"{\"credentials\":[" + q.replace("[\"x\"]", "[]") + "]}",
				"{\"credentials\":[" + q + "," + q + "]}");
		for (String query : refused) {
			assertThatThrownBy(() -> DcqlQuery.parse(Wire.JSON.readTree(query))).as(query).isInstanceOf(WalletException.class);
		}
	}

}
