package org.tsunagu.wallet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.wallet.CmsSigner;
import org.tsunagu.wallet.Csrs;
import org.tsunagu.wallet.OcspClient;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tsunagu-wallet <command> --card-dir DIR ...}: the resident's software card on the command line.
 *
 * <pre>
 * init                  --card-dir DIR                      create a card (asks the authentication PIN, then the signing PIN)
 *   [--pkcs11-library LIB --pkcs11-slot N]                  keys generated in a PKCS#11 token instead
 * request-certificates  --card-dir DIR --server URL --resident ID --operator-token FILE
 * sign FILE             --card-dir DIR                      write FILE.p7s, a detached CMS signature (signing PIN)
 * show                  --card-dir DIR                      certificates, their OCSP status and expiry
 * unlock                --card-dir DIR --slot auth|sign --code CODE   redeem an operator's PIN reset code
 * receive OFFER | list | present REQUEST | delete        credentials in the wallet ({@link CredentialCommands})
 * mandate | mandate-sign | delegations | mandate-end      acting for someone else ({@link DelegationCommands})
 * </pre>
 */
public final class WalletCli {

	private final PrintStream out;

	private final PinReader pins;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	WalletCli(PrintStream out, PinReader pins) {
		this.out = out;
		this.pins = pins;
	}

	public static void main(String[] args) {
		PrintStream out = System.out;
		System.exit(run(args, System.in, out, System.console()));
	}

	/** Runs one command; answers the exit code (0 done, 1 failed, 2 usage). */
	public static int run(String[] args, InputStream in, PrintStream out, java.io.Console console) {
		WalletCli cli = new WalletCli(out, new PinReader(console, in, out));
		if (args.length == 0) {
			out.println(usage());
			return 2;
		}
		try {
			Map<String, String> options = new HashMap<>();
			String operand = null;
			for (int i = 1; i < args.length; i++) {
				if (args[i].equals("--all")) {
					options.put("all", "true");
				}
				else if (args[i].startsWith("--") && i + 1 < args.length) {
					options.put(args[i].substring(2), args[++i]);
				}
				else {
					operand = args[i];
				}
			}
			if (args[0].equals("log-monitor")) {
				cli.monitor(required(options, "server"), Path.of(required(options, "state")));
				return 0;
			}
			if (args[0].equals("check-proof")) {
				cli.checkProof(Path.of(operand == null ? required(options, "file") : operand), options.get("server"),
						options.get("log-key"));
				return 0;
			}
			Path dir = Path.of(required(options, "card-dir"));
			CredentialCommands credentials = new CredentialCommands(out, cli.pins, cli.http, java.time.Clock.systemUTC());
			switch (args[0]) {
				case "init" -> {
					if (options.containsKey("pkcs11-library")) {
						cli.initInToken(dir, Path.of(options.get("pkcs11-library")),
								Long.parseLong(required(options, "pkcs11-slot")));
					}
					else {
						cli.init(dir);
					}
				}
				case "request-certificates" -> cli.requestCertificates(dir, required(options, "server"),
						required(options, "resident"), Path.of(required(options, "operator-token")));
				case "sign" -> cli.sign(dir, Path.of(operand == null ? required(options, "file") : operand));
				case "show" -> cli.show(dir);
				case "approve" -> cli.approve(dir, options.get("server"), required(options, "code"));
				case "history" -> cli.history(dir, options.get("server"));
				case "csr" -> cli.csr(dir);
				case "install" -> cli.install(dir, Path.of(operand == null ? required(options, "file") : operand));
				case "renew" -> cli.renew(dir, options.get("server"));
				case "present" -> {
					if (options.containsKey("challenge")) {
						cli.present(dir, options.get("challenge"), options.get("consent"));
					}
					else {
						credentials.present(dir, operand);
					}
				}
				case "unlock" -> cli.unlock(dir, required(options, "slot"), required(options, "code"));
				case "offer" -> cli.offer(dir, options.get("server"), required(options, "credential"));
				case "receive" -> credentials.receive(dir, operand, options.get("copies"));
				case "list" -> credentials.list(dir);
				case "delete" -> credentials.delete(dir, options.get("credential"), options.containsKey("all"));
				case "mandate" -> new DelegationCommands(out, cli.pins, cli.http).give(dir, options.get("server"),
						options.get("proxy-number"), options.get("proxy-birth-date"), options.get("services"),
						options.get("claims"), options.get("until"));
				case "mandate-sign" -> new DelegationCommands(out, cli.pins, cli.http).sign(dir, options.get("server"), options.get("mandate"));
				case "delegations" -> new DelegationCommands(out, cli.pins, cli.http).list(dir, options.get("server"));
				case "mandate-end" -> new DelegationCommands(out, cli.pins, cli.http).end(dir, options.get("server"), options.get("delegation"));
				default -> {
					out.println(usage());
					return 2;
				}
			}
			return 0;
		}
		catch (UsageException ex) {
			out.println(ex.getMessage());
			out.println(usage());
			return 2;
		}
		catch (WalletException ex) {
			out.println("error: " + ex.getMessage());
			return 1;
		}
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
		JsonNode answer = org.tsunagu.wallet.WalletHttp.postJson(this.http, server + "/api/v1/residents/" + residentId + "/cards", body.toString(), token(tokenFile), 201);
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
		JsonNode answer = readJson(file);
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
		String target = server != null ? server : info.path("server").asString(null);
		if (target == null) {
			throw new UsageException("--server is required");
		}
		char[] authPin = this.pins.read("Authentication PIN");
		KeyPair auth = card.unlock(Slot.AUTHENTICATION, authPin);
		char[] signPin = this.pins.read("Signing PIN");
		card.unlock(Slot.SIGNING, signPin);
		java.util.Map<Slot, KeyPair> fresh = card.newKeys();
		org.tsunagu.wallet.CardToken token = new org.tsunagu.wallet.CardToken(this.http);
		String origin = java.net.URI.create(target).getScheme() + "://" + java.net.URI.create(target).getRawAuthority();
		token.obtain(origin, auth, card.provider(), certificate);
		ObjectNode body = this.json.createObjectNode();
		body.put("authenticationCsr", Csrs.pem(fresh.get(Slot.AUTHENTICATION)));
		body.put("signingCsr", Csrs.pem(fresh.get(Slot.SIGNING)));
		card.stageKeys(fresh, authPin, signPin);
		java.net.http.HttpResponse<String> answer;
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
		if (!certifies(renewed, fresh.entrySet().stream()
			.collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, (e) -> e.getValue().getPublic()))::get)) {
			throw new WalletException("The server's certificates are not for the new keys; the card keeps its keys. "
					+ "The new ones wait in " + dir + ".");
		}
		card.adoptStaged();
		store(card, renewed);
	}

	/** Whether each certificate in a card answer certifies the key the slot names. */
	private static boolean certifies(JsonNode answer, java.util.function.Function<Slot, java.security.PublicKey> keys) {
		for (JsonNode c : answer.get("certificates")) {
			Slot slot = c.path("kind").asString().equals("signing") ? Slot.SIGNING : Slot.AUTHENTICATION;
			java.security.PublicKey expected = keys.apply(slot);
			if (expected == null || !java.util.Arrays.equals(expected.getEncoded(),
					org.tsunagu.wallet.Pem.certificate(c.path("pem").asString()).getPublicKey().getEncoded())) {
				return false;
			}
		}
		return !answer.get("certificates").isEmpty();
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

	/** Checks a proof downloaded from the resident pages, trusting only the log's key. */
	void checkProof(Path file, String server, String givenKey) {
		JsonNode proof = readJson(file);
		if (!proof.path("checkpoint").isString() || !proof.path("events").isArray() || proof.path("events").isEmpty()) {
			// an empty history holds vacuously: a proof must name an entry and the checkpoint it is in
			throw new WalletException("The proof does not hold: " + file + " is not a proof as the account pages give it.");
		}
		String vkey = givenKey != null ? givenKey
				: server != null ? new org.tsunagu.wallet.LogMonitor(this.http).key(server) : null;
		if (vkey == null) {
			throw new UsageException("--server or --log-key is required: the proof is checked against the log's own key, "
					+ "never the one in the file");
		}
		org.tsunagu.merkle.NoteKey logKey;
		try {
			logKey = org.tsunagu.merkle.NoteKey.parse(vkey.strip());
		}
		catch (RuntimeException ex) {
			throw new WalletException("The log key is not a note verifier key (name+id+key).");
		}
		List<org.tsunagu.wallet.AccessHistory.Event> events;
		try {
			events = org.tsunagu.wallet.AccessHistory.verify(proof, logKey);
		}
		catch (WalletException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// a field missing or of the wrong kind: the file is not a proof the account pages give
			throw new WalletException("The proof does not hold: it is not a proof as the account pages give it.");
		}
		for (org.tsunagu.wallet.AccessHistory.Event event : events) {
			this.out.println(event.when() + "  " + event.who() + "  " + event.what() + "  (" + event.why() + ")  #" + event.index());
		}
		this.out.println("Proof holds: the entry is in the log's signed tree, and its commitment opens to the subject key in the file.");
	}

	void sign(Path dir, Path file) {
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.SIGNING)
			.orElseThrow(() -> new WalletException("The card has no signing certificate; run request-certificates."));
		byte[] content = readFile(file);
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
							.getName(javax.security.auth.x500.X500Principal.RFC2253,
									Map.of("2.5.4.4", "SURNAME", "2.5.4.42", "GIVENNAME")));
				this.out.println(name + " status: " + (chain.isEmpty() ? "no issuer known" : ocsp.status(c, chain.get(0))));
			}, () -> this.out.println(name + " certificate: none"));
		}
	}

	void approve(Path dir, String server, String code) {
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate; run request-certificates."));
		String target = server != null ? server : card.text("card.json")
			.map((info) -> this.json.readTree(info).path("server").asString(null))
			.orElseThrow(() -> new UsageException("--server is required"));
		org.tsunagu.wallet.SignInApproval approval = new org.tsunagu.wallet.SignInApproval(this.http);
		org.tsunagu.wallet.SignInApproval.Request request = approval.fetch(target, code);
		this.out.println("Sign in at " + request.origin()
				+ (request.serviceEn() == null ? "" : " for " + request.serviceEn() + " (" + request.serviceJa() + ")")
				+ " with code " + request.code() + ".");
		KeyPair key = card.unlock(Slot.AUTHENTICATION, this.pins.read("Authentication PIN"));
		approval.approve(request, key, card.provider(), certificate);
		this.out.println("Approved. The sign-in page continues by itself.");
	}

	/**
	 * Signs a clinic's eligibility challenge with the authentication key, with what the patient agrees to share
	 * with the clinic ({@code --consent medicationHistory,checkupHistory}); prints the presentation for the clinic.
	 */
	void present(Path dir, String challenge, String consent) {
		java.util.List<String> consents = consent == null ? java.util.List.of()
				: java.util.Arrays.stream(consent.split(",")).map(String::strip).filter((c) -> !c.isEmpty()).toList();
		for (String c : consents) {
			if (!org.tsunagu.wallet.EligibilityPresentation.CONSENTS.contains(c)) {
				throw new UsageException("--consent is medicationHistory, checkupHistory or both, separated by a comma");
			}
		}
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate; run request-certificates."));
		if (!challenge.matches("[A-Za-z0-9_-]{16,128}")) {
			throw new WalletException("That is not a challenge from a clinic (letters, digits, - and _ only).");
		}
		KeyPair key = card.unlock(Slot.AUTHENTICATION, this.pins.read("Authentication PIN"));
		this.out.println(org.tsunagu.wallet.EligibilityPresentation.make(challenge, "pin", key, card.provider(), certificate,
				consents));
	}

	/**
	 * A credential offer for a wallet, made with the card: the offer's URI (for any OpenID4VCI wallet) on one line
	 * and, apart, the transaction code the wallet will ask for.
	 */
	void offer(Path dir, String server, String credentials) {
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate; run request-certificates."));
		String origin = origin(card, server);
		KeyPair key = card.unlock(Slot.AUTHENTICATION, this.pins.read("Authentication PIN"));
		org.tsunagu.wallet.CardToken token = new org.tsunagu.wallet.CardToken(this.http);
		token.obtain(origin, key, card.provider(), certificate);
		List<String> ids = java.util.Arrays.stream(credentials.split(",")).map(String::strip).toList();
		java.net.http.HttpResponse<String> answer = token.postJson(origin + "/api/v1/me/credential-offers",
				this.json.writeValueAsString(Map.of("credentials", ids)));
		JsonNode body = this.json.readTree(answer.body());
		if (answer.statusCode() != 201) {
			throw new WalletException("The offer was refused: " + body.path("detail").asString("HTTP " + answer.statusCode()));
		}
		this.out.println("Transaction code (type it into the wallet; it is not in the offer): " + body.get("txCode").asString());
		this.out.println("Valid until " + body.get("expiresAt").asString() + ". The offer:");
		this.out.println(body.get("offerUri").asString());
	}

	private String origin(SoftwareCard card, String server) {
		String target = server != null ? server : card.text("card.json")
			.map((info) -> this.json.readTree(info).path("server").asString(null))
			.orElseThrow(() -> new UsageException("--server is required"));
		return java.net.URI.create(target).getScheme() + "://" + java.net.URI.create(target).getRawAuthority();
	}

	void history(Path dir, String server) {
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate; run request-certificates."));
		String origin = origin(card, server);
		// the log's key, pinned in the card directory on first use
		String vkey = card.text("log-key").orElse(null);
		if (vkey == null) {
			vkey = new org.tsunagu.wallet.LogMonitor(this.http).key(origin);
			card.store("log-key", vkey);
			this.out.println("Pinned the log's key: " + vkey);
		}
		KeyPair key = card.unlock(Slot.AUTHENTICATION, this.pins.read("Authentication PIN"));
		org.tsunagu.wallet.CardToken token = new org.tsunagu.wallet.CardToken(this.http);
		token.obtain(origin, key, card.provider(), certificate);
		// newest first, a page at a time, every page against the same signed checkpoint, until the server says
		// there is no more
		List<org.tsunagu.wallet.AccessHistory.Event> events = new java.util.ArrayList<>();
		org.tsunagu.merkle.NoteKey logKey = org.tsunagu.merkle.NoteKey.parse(vkey.strip());
		String page = origin + "/api/v1/me/access-events";
		while (page != null) {
			JsonNode answer = this.json.readTree(token.get(page));
			// the subject key opens the commitments: pinned like the log key, so that a server cannot show another
			// person's entries as this card holder's
			String subjectKey = answer.path("subjectKey").asString(null);
			String pinnedSubject = card.text("subject-key").map(String::strip).orElse(null);
			if (pinnedSubject == null && subjectKey != null) {
				card.store("subject-key", subjectKey);
			}
			else if (pinnedSubject != null && subjectKey != null && !pinnedSubject.equals(subjectKey)) {
				throw new WalletException("The server sent another subject key than the one pinned for this card: "
						+ "it may be showing someone else's entries.");
			}
			for (org.tsunagu.wallet.AccessHistory.Event event : org.tsunagu.wallet.AccessHistory.verify(answer, logKey)) {
				if (!events.isEmpty() && event.index() >= events.get(events.size() - 1).index()) {
					throw new WalletException("The server sent entry " + event.index() + " twice or out of order.");
				}
				events.add(event);
			}
			JsonNode next = answer.path("next");
			page = next.isObject() ? origin + "/api/v1/me/access-events?before=" + next.path("before").asLong() + "&size="
					+ next.path("size").asLong() : null;
		}
		for (org.tsunagu.wallet.AccessHistory.Event event : events) {
			this.out.println(event.when() + "  " + event.who() + "  " + event.what() + "  (" + event.why() + ")  #" + event.index());
		}
		this.out.println(events.size() + " entries about you; every one is in the signed log (inclusion proof checked), "
				+ "opens to your key, and the checkpoint's signature holds.");
	}

	void monitor(String server, Path state) {
		org.tsunagu.wallet.LogMonitor.Seen seen = new org.tsunagu.wallet.LogMonitor(this.http).check(server, state);
		this.out.println(seen.previousSize() == 0 ? "Log key pinned; checkpoint of " + seen.size() + " entries, root " + seen.root() + "."
				: "The log grew from " + seen.previousSize() + " to " + seen.size() + " entries, consistently; root " + seen.root() + ".");
	}

	void unlock(Path dir, String slotName, String code) {
		SoftwareCard card = SoftwareCard.open(dir);
		Slot slot = switch (slotName) {
			case "auth", "authentication" -> Slot.AUTHENTICATION;
			case "sign", "signing" -> Slot.SIGNING;
			default -> throw new UsageException("--slot is auth or sign");
		};
		JsonNode info = this.json.readTree(card.text("card.json")
			.orElseThrow(() -> new WalletException("The card has no certificates yet; nothing to unlock at the server.")));
		ObjectNode body = this.json.createObjectNode();
		body.put("code", code);
		body.put("slot", slot.file());
		org.tsunagu.wallet.WalletHttp.postJson(this.http,
				info.get("server").asString() + "/api/v1/cards/" + info.get("cardId").asString() + "/pin-reset/redeem",
				body.toString(), null, 200);
		card.resetTries(slot);
		this.out.println("The " + slot.name().toLowerCase() + " PIN has " + slot.tries() + " tries again.");
	}


	private static String token(Path file) {
		return new String(readFile(file), StandardCharsets.US_ASCII).strip();
	}

	/** A JSON file the user hands over (a card download, a proof): one sentence when it is not JSON. */
	private JsonNode readJson(Path file) {
		byte[] content = readFile(file);
		if (content.length > 4 * 1024 * 1024) {
			throw new WalletException(file + " is larger than a card or a proof can be.");
		}
		try {
			return this.json.readTree(content);
		}
		catch (RuntimeException ex) {
			throw new WalletException(file + " is not JSON.");
		}
	}

	private static byte[] readFile(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new WalletException("Cannot read " + file + ".", ex);
		}
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new UsageException("--" + name + " is required");
		}
		return value;
	}

	static String usage() {
		return """
				usage: tsunagu-wallet <command> --card-dir DIR [options]   (log-monitor needs no card)
				  init                                   create a card (PINs: authentication, then signing)
				  init --pkcs11-library LIB --pkcs11-slot N   keys in a PKCS#11 token instead (PIN: the token's)
				  request-certificates --server URL --resident ID --operator-token FILE
				  sign FILE                              write FILE.p7s, a detached CMS signature
				  show                                   certificates, OCSP status, expiry, PIN tries left
				  unlock --slot auth|sign --code CODE    redeem an operator's PIN reset code
				  approve --code CODE [--server URL]     approve a sign-in page's code with the authentication key
				  log-monitor --server URL --state FILE  check the log's checkpoint only grew since the last run
				  history [--server URL]                 who used my data: the log's entries about you, each proof checked
				  present --challenge C [--consent medicationHistory,checkupHistory]
				                                         sign a clinic's eligibility challenge, with what you agree to
				                                         share with the clinic; prints the presentation
				  csr                                    print the card's two certificate requests (for issuance at a counter)
				  install FILE                           store the certificates of a card issued at a counter
				  renew [--server URL]                   new keys and certificates, from 3 months before expiry
				  offer --credential ID[,ID] [--server URL]   a credential offer for any OpenID4VCI wallet, made with
				                                         the card (tsunagu_pid, tsunagu_age); prints its transaction
				                                         code, then the openid-credential-offer:// URI
				  receive OFFER [--copies N]             take an offer's credentials: N one-time copies (3; at most 10)
				  list                                   credentials kept: copies left, expiry, status, claims' names
				  present REQUEST                        answer an openid4vp:// request with the fewest disclosures
				  delete --credential ID | --all         delete every copy of a credential, or every credential
				  check-proof FILE --server URL|--log-key VKEY   check a proof downloaded from the resident pages (no card)
				  mandate --proxy-number N --proxy-birth-date YYYY-MM-DD --services ID[,ID] --claims C[,C]
				          --until YYYY-MM-DD [--server URL]
				                                         give another adult a mandate to act for you at those services:
				                                         shows its document, then signs it (signing PIN)
				  mandate-sign --mandate ID [--server URL]   sign a mandate drafted in the account pages (signing PIN)
				  delegations [--server URL]             who may act for you, for whom you may act, services that
				                                         accept proxies
				  mandate-end --delegation ID [--server URL]   withdraw a mandate you gave, or step down from one you hold
				PINs are asked on the terminal, or read one per line from standard input.""";
	}

	/** A command line that does not make sense. */
	static final class UsageException extends RuntimeException {

		UsageException(String message) {
			super(message);
		}

	}

}
