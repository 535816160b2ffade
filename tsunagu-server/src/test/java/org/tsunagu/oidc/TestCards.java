package org.tsunagu.oidc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.tsunagu.TestApi;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.cli.WalletCli;

/** A resident with a card in a directory, made through the API and the wallet as a resident's would be. */
public record TestCards(String residentId, Path dir) {

	public static final String AUTH_PIN = "1234";

	public static TestCards issue(TestApi api, String residentJson, Path dir) throws Exception {
		return forResident(api, api.postJson("/api/v1/residents", residentJson).jsonBody().get("id").asString(), dir);
	}

	/** A card for a resident already enrolled. */
	public static TestCards forResident(TestApi api, String resident, Path dir) throws Exception {
		Path token = Files.createTempFile("operator", ".token");
		Files.writeString(token, api.operatorToken());
		Path card = dir.resolve("card");
		wallet(AUTH_PIN + "\nSign2026\n", "init", "--card-dir", card.toString());
		String out = wallet(AUTH_PIN + "\nSign2026\n", "request-certificates", "--card-dir", card.toString(), "--server",
				api.uri("").toString(), "--resident", resident, "--operator-token", token.toString());
		Files.delete(token);
		if (!Files.exists(card.resolve("auth.pem"))) {
			throw new IllegalStateException(out);
		}
		return new TestCards(resident, card);
	}

	/** {@code tsunagu-wallet approve} as the resident runs it, PIN typed on standard input. */
	public String approve(String server, String code) {
		return wallet(AUTH_PIN + "\n", "approve", "--card-dir", this.dir.toString(), "--server", server, "--code", code);
	}

	/** {@code tsunagu-wallet present} as the patient runs it at the clinic: the printed presentation. */
	public String present(String challenge) {
		return wallet(AUTH_PIN + "\n", "present", "--card-dir", this.dir.toString(), "--challenge", challenge).strip();
	}

	/** {@code tsunagu-wallet present --consent ...}: the patient agrees, with the card, to share these with the clinic. */
	public String present(String challenge, String consents) {
		return wallet(AUTH_PIN + "\n", "present", "--card-dir", this.dir.toString(), "--challenge", challenge, "--consent",
				consents).strip();
	}

	public SoftwareCard card() {
		return SoftwareCard.open(this.dir);
	}

	public java.security.KeyPair authenticationKey() {
		return card().unlock(Slot.AUTHENTICATION, AUTH_PIN.toCharArray());
	}

	public static String wallet(String input, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = WalletCli.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), null);
		String text = out.toString(StandardCharsets.UTF_8);
		return exit == 0 ? text : "exit " + exit + ": " + text;
	}

}
