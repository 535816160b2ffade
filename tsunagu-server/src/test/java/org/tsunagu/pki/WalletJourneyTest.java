package org.tsunagu.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.cli.WalletCli;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resident's journey with the wallet's command line against a running server: create a card, get its two
 * certificates, check them with openssl, sign a file that openssl and the server accept, lock a PIN and have it
 * reset, lose the card and see OCSP answer revoked.
 */
@TsunaguTest
class WalletJourneyTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	@Test
	void walletWhenFullJourneyThenEveryStepWorksWithRealClients() throws Exception {
		String resident = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		Path token = this.dir.resolve("operator-token");
		Files.writeString(token, this.api.operatorToken());
		Path card = this.dir.resolve("card");

		assertThat(wallet("1234\nSign2026\n", "init", "--card-dir", card.toString()).exit()).isZero();
		assertThat(wallet("", "init", "--card-dir", card.toString()).output()).contains("PIN");
		Run requested = wallet("1234\nSign2026\n", "request-certificates", "--card-dir", card.toString(), "--server",
				this.api.uri("").toString(), "--resident", resident, "--operator-token", token.toString());
		assertThat(requested.exit()).as(requested.output()).isZero();
		assertThat(card.resolve("auth.pem")).exists();
		assertThat(card.resolve("sign.pem")).exists();
		String cardId = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(Files.readString(card.resolve("card.json")))
			.get("cardId")
			.asString();

		Files.writeString(this.dir.resolve("root.pem"), lastCertificate(Files.readString(card.resolve("chain.pem"))));
		assertThat(Openssl.run(card, "verify", "-CAfile", this.dir.resolve("root.pem").toString(), "-untrusted",
				"chain.pem", "auth.pem", "sign.pem").output()).contains("auth.pem: OK").contains("sign.pem: OK");

		Path document = this.dir.resolve("application.txt");
		Files.writeString(document, "住民票の写しを請求します。\n");
		Run signed = wallet("Sign2026\n", "sign", document.toString(), "--card-dir", card.toString());
		assertThat(signed.exit()).as(signed.output()).isZero();
		Openssl.Result cms = Openssl.run(this.dir, "cms", "-verify", "-binary", "-inform", "DER", "-in",
				"application.txt.p7s", "-content", "application.txt", "-CAfile", "root.pem", "-out", "/dev/null");
		assertThat(cms.output()).contains("Verification successful");

		JsonNode verified = this.api.postJson("/api/v1/signatures/verify", "{\"signature\":\""
				+ Base64.getEncoder().encodeToString(Files.readAllBytes(this.dir.resolve("application.txt.p7s")))
				+ "\",\"content\":\"" + Base64.getEncoder().encodeToString(Files.readAllBytes(document)) + "\"}").jsonBody();
		assertThat(verified.get("valid").asBoolean()).isTrue();
		assertThat(verified.get("signer").asString()).contains("髙橋");
		JsonNode tampered = this.api.postJson("/api/v1/signatures/verify", "{\"signature\":\""
				+ Base64.getEncoder().encodeToString(Files.readAllBytes(this.dir.resolve("application.txt.p7s")))
				+ "\",\"content\":\"" + Base64.getEncoder().encodeToString("changed".getBytes()) + "\"}").jsonBody();
		assertThat(tampered.get("valid").asBoolean()).isFalse();

		assertThat(wallet("", "show", "--card-dir", card.toString()).output())
			.contains("authentication status: good").contains("signing status: good");

		String[] request = { "request-certificates", "--card-dir", card.toString(), "--server",
				this.api.uri("").toString(), "--resident", resident, "--operator-token", token.toString() };
		for (int i = 0; i < 3; i++) {
			assertThat(wallet("0000\n", request).output()).contains("Wrong PIN");
		}
		assertThat(wallet("1234\nSign2026\n", request).output()).contains("locked");

		JsonNode reset = this.api.postJson("/api/v1/cards/" + cardId + "/pin-reset", "{\"slot\":\"auth\"}").jsonBody();
		Run unlocked = wallet("", "unlock", "--card-dir", card.toString(), "--slot", "auth", "--code",
				reset.get("code").asString());
		assertThat(unlocked.exit()).as(unlocked.output()).isZero();
		assertThat(wallet("", "show", "--card-dir", card.toString()).output())
			.contains("authentication PIN: 3 of 3 tries left");
		assertThat(wallet("", "unlock", "--card-dir", card.toString(), "--slot", "auth", "--code",
				reset.get("code").asString()).output()).contains("used already");

		this.api.postJson("/api/v1/cards/" + cardId + "/suspend", "");
		assertThat(wallet("", "show", "--card-dir", card.toString()).output()).contains("authentication status: revoked");

		// a key reported compromised: no signature by it verifies any more, whatever signing time it claims
		this.api.postJson("/api/v1/cards/" + cardId + "/revoke", "{\"reason\":\"keyCompromise\"}");
		JsonNode afterCompromise = this.api.postJson("/api/v1/signatures/verify", "{\"signature\":\""
				+ Base64.getEncoder().encodeToString(Files.readAllBytes(this.dir.resolve("application.txt.p7s")))
				+ "\",\"content\":\"" + Base64.getEncoder().encodeToString(Files.readAllBytes(document)) + "\"}").jsonBody();
		assertThat(afterCompromise.get("valid").asBoolean()).isFalse();
		assertThat(afterCompromise.get("reason").asString()).contains("compromised");
	}

	private Run wallet(String stdin, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = WalletCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), null);
		return new Run(exit, out.toString(StandardCharsets.UTF_8));
	}

	private static String lastCertificate(String chain) {
		return chain.substring(chain.lastIndexOf("-----BEGIN CERTIFICATE-----"));
	}

	private record Run(int exit, String output) {
	}

}
