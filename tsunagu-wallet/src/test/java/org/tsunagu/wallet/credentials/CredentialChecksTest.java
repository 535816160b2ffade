package org.tsunagu.wallet.credentials;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tsunagu.wallet.WalletException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A received credential is kept only when every check holds: one test per rule, against an issuer on this machine
 * that publishes its key at {@code /.well-known/jwt-vc-issuer}.
 */
class CredentialChecksTest {

	static final TestCertificates.Issued ISSUER = TestCertificates.service(TestCertificates.ca("Test CA"), "Issuer", "localhost");

	HttpServer server;

	String issuer;

	CredentialChecks checks;

	@BeforeEach
	void publish() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.issuer = "http://localhost:" + this.server.getAddress().getPort();
		ECKey key = new ECKey.Builder(Curve.P_256, (ECPublicKey) ISSUER.key().getPublic()).keyID("issuer-1").build();
		byte[] metadata = ("{\"issuer\":\"" + this.issuer + "\",\"jwks\":" + new JWKSet(key).toString(true) + "}")
			.getBytes(StandardCharsets.UTF_8);
		this.server.createContext("/.well-known/jwt-vc-issuer", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, metadata.length);
			exchange.getResponseBody().write(metadata);
			exchange.close();
		});
		this.server.start();
		this.checks = new CredentialChecks(new IssuerKeys(new Wire(HttpClient.newHttpClient()), Clock.systemUTC()), Clock.systemUTC());
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	String katsukosAge(TestCertificates.Issued signer, Instant expires) {
		return TestIssuers.issue(signer, this.issuer, TestIssuers.AGE, TestIssuers.katsukoAge(), TestCertificates.key(), expires);
	}

	@Test
	void verifyWhenSignedByAPublishedKeyThenTheCredential() {
		SdJwtVc credential = this.checks.verify(katsukosAge(ISSUER, Instant.now().plus(Duration.ofDays(1))), this.issuer, TestIssuers.AGE);
		assertThat(credential.issuer()).isEqualTo(this.issuer);
		assertThat(credential.status()).hasValueSatisfying((s) -> assertThat(s.index()).isEqualTo(7));
	}

	@Test
	void verifyWhenThePayloadWasChangedThenRefused() {
		String[] parts = katsukosAge(ISSUER, Instant.now().plus(Duration.ofDays(1))).split("\\.", 3);
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("/age", "/pid");
		String changed = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2];
		assertThatThrownBy(() -> this.checks.verify(changed, this.issuer, TestIssuers.PID)).isInstanceOf(WalletException.class)
			.hasMessageContaining("signature does not verify");
	}

	@Test
	void verifyWhenTheCertificatesKeyIsNotPublishedThenRefused() {
		TestCertificates.Issued other = TestCertificates.service(TestCertificates.ca("Test CA"), "Issuer", "localhost");
		assertThatThrownBy(() -> this.checks.verify(katsukosAge(other, Instant.now().plus(Duration.ofDays(1))), this.issuer, TestIssuers.AGE))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("does not publish at /.well-known/jwt-vc-issuer");
	}

	@Test
	void verifyWhenAnotherTypeThenRefused() {
		assertThatThrownBy(() -> this.checks.verify(katsukosAge(ISSUER, Instant.now().plus(Duration.ofDays(1))), this.issuer, TestIssuers.PID))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("another type");
	}

	@Test
	void verifyWhenExpiredThenRefused() {
		assertThatThrownBy(() -> this.checks.verify(katsukosAge(ISSUER, Instant.now().minusSeconds(5)), this.issuer, TestIssuers.AGE))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("expired");
	}

	@Test
	void verifyWhenIssuedAsAnotherIssuerThenRefused() {
		String foreign = TestIssuers.issue(ISSUER, "https://foreign-issuer.example", TestIssuers.AGE, TestIssuers.katsukoAge(),
				TestCertificates.key(), Instant.now().plus(Duration.ofDays(1)));
		assertThatThrownBy(() -> this.checks.verify(foreign, this.issuer, TestIssuers.AGE)).isInstanceOf(WalletException.class)
			.hasMessageContaining("another issuer");
	}

}
