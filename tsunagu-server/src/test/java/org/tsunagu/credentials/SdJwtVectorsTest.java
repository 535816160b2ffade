package org.tsunagu.credentials;

import java.util.List;
import java.util.Map;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDObjectDecoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SD-JWT library the issuer uses, against RFC 9901's own examples: a disclosure decodes to the salt, name and
 * value the RFC shows and hashes to the digest it shows; the decoder takes only disclosures whose digest the
 * payload holds.
 */
class SdJwtVectorsTest {

	/** RFC 9901 section 4.2.1: the disclosure of {@code given_name} "John" and its digest. */
	static final String GIVEN_NAME = "WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgImdpdmVuX25hbWUiLCAiSm9obiJd";

	static final String GIVEN_NAME_DIGEST = "jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4";

	@Test
	void rfc9901DisclosureDecodesAndHashesAsTheRfcShows() {
		Disclosure disclosure = Disclosure.parse(GIVEN_NAME);
		assertThat(disclosure.getSalt()).isEqualTo("2GLC42sKQveCfGfryNRN9w");
		assertThat(disclosure.getClaimName()).isEqualTo("given_name");
		assertThat(disclosure.getClaimValue()).isEqualTo("John");
		assertThat(disclosure.digest()).isEqualTo(GIVEN_NAME_DIGEST);
	}

	@Test
	void onlyDisclosuresThePayloadCommitsToAreDecoded() {
		Disclosure known = Disclosure.parse(GIVEN_NAME);
		Disclosure added = new Disclosure("family_name", "Doe");
		Map<String, Object> payload = Map.of("_sd", List.of(GIVEN_NAME_DIGEST), "_sd_alg", "sha-256");
		Map<String, Object> decoded = new SDObjectDecoder().decode(payload, List.of(known, added));
		assertThat(decoded).containsEntry("given_name", "John").doesNotContainKey("family_name");
	}

}
