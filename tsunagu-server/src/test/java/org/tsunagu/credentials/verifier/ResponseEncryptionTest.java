package org.tsunagu.credentials.verifier;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a wallet's encrypted answer must be before any request is looked up for it. */
class ResponseEncryptionTest {

	@Test
	void kidWhenTheHeaderHasNoEncThenUnreadable() {
		String header = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"ECDH-ES\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> ResponseEncryption.kid(header + ".AA.AA.AA.AA"))
			.isInstanceOf(ResponseEncryption.Unreadable.class)
			.hasMessage("The response is not a compact JWE.");
	}

}
