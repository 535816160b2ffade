package org.tsunagu.wallet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

import org.tsunagu.wallet.CardToken;
import org.tsunagu.wallet.CmsSigner;
import org.tsunagu.wallet.Csrs;
import org.tsunagu.wallet.OcspClient;
import org.tsunagu.wallet.Pem;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.WalletException;
import org.tsunagu.wallet.WalletHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The card's own commands: {@code init} creates its two keys, each sealed under its PIN (or generated in a PKCS#11
 * token); {@code request-certificates}, or {@code csr} then {@code install} at a counter, gets their certificates;
 * {@code renew} replaces keys and certificates; {@code show} prints certificates, OCSP status and PIN tries;
 * {@code unlock} redeems an operator's PIN reset code; {@code sign} writes a detached CMS signature of a file.
 * Certificates are stored only once they are checked to certify this card's keys.
 */
final class CardCommands {

	private final CommandContext context;

	private final PrintStream out;

	private final PinReader pins;

	private final JsonMapper json;

	CardCommands(CommandContext context) {
		this.context = context;
		this.out = context.out();
		this.pins = context.pins();
		this.json = context.json();
	}

	void init(Path dir) {
		char[] auth = this.pins.read("New authentication PIN (4 digits)");
		char[] sign = this.pins.read("New signing PIN (6 to 16 letters and digits)");
		SoftwareCard.create(dir, auth, sign);
		this.out.println("Card created in " + dir + ": two P-256 keys, each sealed under its PIN.");
	}

	void initInToken(Path dir, Path library, long slot) {
		char[] pin = this.pins.read("Token user PIN");
		SoftwareCard.createInToken(dir, library, slot, pin);
		this.out.println("Card created in " + dir + ": two P-256 keys generated inside the PKCS#11 token, not extractable.");
	}

	void requestCertificates(Path dir, String server, String residentId, Path tokenFile) {
		SoftwareCard card = SoftwareCard.open(dir);
		KeyPair auth = card.unlock(Slot.AUTHENTICATION, this.pins.read("Authentication PIN"));
		KeyPair sign = card.unlock(Slot.SIGNING, this.pins.read("Signing PIN"));
		ObjectNode body = this.json.createObjectNode();
		body.put("authenticationCsr", Csrs.pem(auth, card.provider()));
		body.put("signingCsr", Csrs.pem(sign, card.provider()));
		JsonNode answer = WalletHttp.postJson(this.context.http(), server + "/api/v1/residents/" + residentId + "/cards",
				body.toString(), token(tokenFile), 201);
		ObjectNode info = this.json.createObjectNode();
		info.put("server", server);
		info.put("residentId", residentId);
		card.store("card.json", info.toPrettyString());
		store(card, answer);
	}

	/** The card's two certificate requests, for an operator who issues the card at the counter (the console). */
	void csr(Path dir) {
		SoftwareCard card = SoftwareCard.open(dir);
		KeyPair auth = card.unlock(Slot.AUTHENTICATION, this.pins.read("Authentication PIN"));
		KeyPair sign = card.unlock(Slot.SIGNING, this.pins.read("Signing PIN"));
		this.out.println("# authentication key's request");
		this.out.print(Csrs.pem(auth, card.provider()));
		this.out.println("# signing key's request");
		this.out.print(Csrs.pem(sign, card.provider()));
	}

	/**
	 * Stores the certificates of an issued card, as the card API answers it (the console's download): only when they
	 * certify this card's keys, or the keys of a renewal that was interrupted after the CA answered.
	 */
	void install(Path dir, Path file) {
		SoftwareCard card = SoftwareCard.open(dir);
		JsonNode answer = this.context.readJson(file);
		if (!answer.path("certificates").isArray() || !answer.path("cardId").isString()) {
			throw new WalletException(file + " is not a card as the server answers it (cardId, certificates, chain).");
		}
		if (certifies(answer, card::publicKey)) {
			store(card, answer);
		}
		else if (certifies(answer, (slot) -> card.stagedKey(slot).orElse(null))) {
			card.adoptStaged();
			store(card, answer);
		}
		else {
			throw new WalletException("The certificates in " + file + " are not for this card's keys.");
		}
	}

	/**
	 * Renews the card's certificates from three months before they expire: new keys, kept beside the current ones
	 * until the CA certifies them; their requests sent with the card's own token (the current authentication key
	 * proves the holder); the keys put in place only once the answer's certificates are checked to be theirs.
	 */
	void renew(Path dir, String server) {
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate to renew."));
		JsonNode info = this.json.readTree(card.text("card.json")
			.orElseThrow(() -> new WalletException("The card has no card.json; it was not issued through this wallet.")));
		String target = this.context.server(card, server);
		char[] authPin = this.pins.read("Authentication PIN");
		KeyPair auth = card.unlock(Slot.AUTHENTICATION, authPin);
		char[] signPin = this.pins.read("Signing PIN");
		card.unlock(Slot.SIGNING, signPin);
		Map<Slot, KeyPair> fresh = card.newKeys();
		CardToken token = new CardToken(this.context.http());
		String origin = CommandContext.origin(target);
		token.obtain(origin, auth, card.provider(), certificate);
		ObjectNode body = this.json.createObjectNode();
		body.put("authenticationCsr", Csrs.pem(fresh.get(Slot.AUTHENTICATION)));
		body.put("signingCsr", Csrs.pem(fresh.get(Slot.SIGNING)));
		card.stageKeys(fresh, authPin, signPin);
		HttpResponse<String> answer;
		JsonNode renewed;
		try {
			answer = token.postJson(origin + "/api/v1/me/cards/" + info.path("cardId").asString() + "/renew", body.toString());
			renewed = this.json.readTree(answer.body());
		}
		catch (RuntimeException ex) {
			throw new WalletException("No answer from the server: the card may have been renewed. The new keys wait in "
					+ dir + "; ask the municipality for the card's certificates and run install with them.");
		}
		if (answer.statusCode() != 200) {
			card.discardStaged();
			throw new WalletException("The server did not renew the card: " + renewed.path("detail").asString("HTTP " + answer.statusCode()));
		}
		if (!certifies(renewed, publicKeys(fresh)::get)) {
			throw new WalletException("The server's certificates are not for the new keys; the card keeps its keys. "
					+ "The new ones wait in " + dir + ".");
		}
		card.adoptStaged();
		store(card, renewed);
	}

	void show(Path dir) {
		SoftwareCard card = SoftwareCard.open(dir);
		card.text("card.json").ifPresent((info) -> this.out.println("card: " + this.json.readTree(info).get("cardId").asString()));
		List<X509Certificate> chain = card.chain();
		OcspClient ocsp = new OcspClient();
		for (Slot slot : Slot.values()) {
			String name = slot.name().toLowerCase();
			this.out.println(name + " PIN: " + card.remainingTries(slot) + " of " + slot.tries() + " tries left");
			card.certificate(slot).ifPresentOrElse((c) -> {
				this.out.println(name + " certificate: serial " + c.getSerialNumber().toString(16).toUpperCase()
						+ ", expires " + c.getNotAfter().toInstant() + ", subject " + c.getSubjectX500Principal()
							.getName(X500Principal.RFC2253, Map.of("2.5.4.4", "SURNAME", "2.5.4.42", "GIVENNAME")));
				this.out.println(name + " status: " + (chain.isEmpty() ? "no issuer known" : ocsp.status(c, chain.get(0))));
			}, () -> this.out.println(name + " certificate: none"));
		}
	}

	void unlock(Path dir, String slotName, String code) {
		SoftwareCard card = SoftwareCard.open(dir);
		Slot slot = switch (slotName) {
			case "auth", "authentication" -> Slot.AUTHENTICATION;
			case "sign", "signing" -> Slot.SIGNING;
			default -> throw new WalletCli.UsageException("--slot is auth or sign");
		};
		JsonNode info = this.json.readTree(card.text("card.json")
			.orElseThrow(() -> new WalletException("The card has no certificates yet; nothing to unlock at the server.")));
		ObjectNode body = this.json.createObjectNode();
		body.put("code", code);
		body.put("slot", slot.file());
		WalletHttp.postJson(this.context.http(),
				info.get("server").asString() + "/api/v1/cards/" + info.get("cardId").asString() + "/pin-reset/redeem",
				body.toString(), null, 200);
		card.resetTries(slot);
		this.out.println("The " + slot.name().toLowerCase() + " PIN has " + slot.tries() + " tries again.");
	}

	void sign(Path dir, Path file) {
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.SIGNING)
			.orElseThrow(() -> new WalletException("The card has no signing certificate; run request-certificates."));
		byte[] content = CommandContext.readFile(file);
		KeyPair key = card.unlock(Slot.SIGNING, this.pins.read("Signing PIN"));
		Path signature = file.resolveSibling(file.getFileName() + ".p7s");
		try {
			Files.write(signature, CmsSigner.signDetached(content, key, card.provider(), certificate, card.chain()));
		}
		catch (IOException ex) {
			throw new WalletException("Cannot write " + signature + ".", ex);
		}
		this.out.println("Signed: " + signature);
	}

	/** Whether each certificate in a card answer certifies the key the slot names. */
	private static boolean certifies(JsonNode answer, Function<Slot, PublicKey> keys) {
		for (JsonNode c : answer.get("certificates")) {
			Slot slot = c.path("kind").asString().equals("signing") ? Slot.SIGNING : Slot.AUTHENTICATION;
			PublicKey expected = keys.apply(slot);
			if (expected == null || !Arrays.equals(expected.getEncoded(),
					Pem.certificate(c.path("pem").asString()).getPublicKey().getEncoded())) {
				return false;
			}
		}
		return !answer.get("certificates").isEmpty();
	}

	private static Map<Slot, PublicKey> publicKeys(Map<Slot, KeyPair> keys) {
		return keys.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue().getPublic()));
	}

	private void store(SoftwareCard card, JsonNode answer) {
		for (JsonNode c : answer.get("certificates")) {
			card.store(c.get("kind").asString().equals("signing") ? "sign.pem" : "auth.pem", c.get("pem").asString());
		}
		StringBuilder chain = new StringBuilder();
		answer.path("chain").forEach((c) -> chain.append(c.asString()));
		card.store("chain.pem", chain.toString());
		ObjectNode info = card.text("card.json").map((t) -> (ObjectNode) this.json.readTree(t)).orElseGet(this.json::createObjectNode);
		info.put("cardId", answer.get("cardId").asString());
		card.store("card.json", info.toPrettyString());
		this.out.println("Certificates stored in " + card.dir() + " for card " + answer.get("cardId").asString() + ".");
	}

	/** The operator's token for issuing a card, from the file it was saved in. */
	private static String token(Path file) {
		return new String(CommandContext.readFile(file), StandardCharsets.US_ASCII).strip();
	}

}
