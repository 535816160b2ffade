package org.tsunagu.credentials.verifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Another issuer's status list is fetched only from that issuer's own origin: never any other host. */
class StatusCheckOriginTest {

	@Test
	void sameOriginWhenTheListIsOnAnotherHostSchemeOrPortThenRefused() {
		assertThat(StatusCheck.sameOrigin("https://issuer.example", "https://issuer.example/status/1")).isTrue();
		assertThat(StatusCheck.sameOrigin("https://issuer.example", "https://ISSUER.example/status/1")).isTrue();
		assertThat(StatusCheck.sameOrigin("https://issuer.example", "https://169.254.169.254/latest/meta-data")).isFalse();
		assertThat(StatusCheck.sameOrigin("https://issuer.example", "http://127.0.0.1:8080/actuator/health")).isFalse();
		assertThat(StatusCheck.sameOrigin("https://issuer.example", "http://issuer.example/status/1")).isFalse();
		assertThat(StatusCheck.sameOrigin("https://issuer.example", "https://issuer.example:8443/status/1")).isFalse();
		assertThat(StatusCheck.sameOrigin("https://issuer.example", "file:///etc/passwd")).isFalse();
		assertThat(StatusCheck.sameOrigin("https://issuer.example", "https://issuer.example.evil.test/status/1")).isFalse();
		assertThat(StatusCheck.sameOrigin("https://issuer.example", "not a uri")).isFalse();
	}

}
