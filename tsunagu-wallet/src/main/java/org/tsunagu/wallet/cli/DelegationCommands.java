package org.tsunagu.wallet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;

import org.tsunagu.wallet.CardToken;
import org.tsunagu.wallet.CmsSigner;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.WalletException;
import org.tsunagu.wallet.delegation.DelegationClient;
import org.tsunagu.wallet.delegation.DelegationView;
import org.tsunagu.wallet.delegation.MandateDocument;
import org.tsunagu.wallet.delegation.MandateRequest;

/**
 * The wallet's delegation commands: {@code mandate} gives one, {@code mandate-sign} signs one drafted in the account
 * pages, {@code delegations} lists them, {@code mandate-end} ends one. The authentication PIN gets the holder's token;
 * a mandate's document is shown in full before the signing PIN is asked, and it is signed exactly as {@code sign}
 * signs a file, so that the platform keeps the person's own signature of what they read. The proxy's individual
 * number goes to the platform in the request body only: it is never printed.
 */
final class DelegationCommands {

	private final CommandContext context;

	private final PrintStream out;

	private final PinReader pins;

	DelegationCommands(CommandContext context) {
		this.context = context;
		this.out = context.out();
		this.pins = context.pins();
	}

	/** Drafts a mandate, shows its document, signs it with the signing key, and sends the signature. */
	void give(Path dir, String server, String proxyNumber, String proxyBirthDate, String services, String claims,
			String until) {
		MandateRequest request;
		// asked on the terminal (or read from standard input) unless given: a number on the command line would stay
		// in the shell's history and be visible in the process list
		String number = proxyNumber != null ? proxyNumber : new String(this.pins.read("The proxy's individual number (12 digits)"));
		try {
			request = MandateRequest.of(number, proxyBirthDate, services, claims, until);
		}
		catch (IllegalArgumentException ex) {
			throw new WalletCli.UsageException(ex.getMessage());
		}
		SoftwareCard card = SoftwareCard.open(dir);
		signingCertificate(card);
		DelegationClient client = client(card, server);
		DelegationView draft = client.draft(request);
		MandateDocument document = draft.mandateDocument();
		if (!request.statedBy(document)) {
			throw new WalletException("The server drafted another mandate than you asked for (services, claims or last day "
					+ "differ); nothing was signed. Withdraw it with mandate-end --delegation " + draft.id() + ".");
		}
		signAndSend(card, client, draft, document);
	}

	/** Signs a mandate drafted elsewhere (the account pages), after showing its document. */
	void sign(Path dir, String server, String mandate) {
		UUID id = id(mandate, "--mandate");
		SoftwareCard card = SoftwareCard.open(dir);
		signingCertificate(card);
		DelegationClient client = client(card, server);
		DelegationView draft = client.mine()
			.forMe()
			.stream()
			.filter((v) -> v.id().equals(id.toString()))
			.findFirst()
			.orElseThrow(() -> new WalletException("You gave no mandate " + id + "; delegations lists yours."));
		if (!draft.awaitingSignature()) {
			throw new WalletException("Mandate " + id + " is " + draft.status() + ": it awaits no signature.");
		}
		signAndSend(card, client, draft, draft.mandateDocument());
	}

	/** Who may act for the person, for whom they may act, and where a mandate may name. */
	void list(Path dir, String server) {
		SoftwareCard card = SoftwareCard.open(dir);
		DelegationClient.Listing listing = client(card, server).mine();
		this.out.println("Who may act for you:");
		print(listing.forMe(), true);
		listing.forMe().stream().filter(DelegationView::awaitingSignature).forEach((v) -> this.out.println(
				"  (" + v.id() + " awaits your signature: mandate-sign --mandate " + v.id() + ")"));
		this.out.println("For whom you may act:");
		print(listing.byMe(), false);
		this.out.println("Services a mandate may name (--services):");
		if (listing.services().isEmpty()) {
			this.out.println("  none accepts proxies yet");
		}
		listing.services().forEach((s) -> this.out.println("  " + s.clientId() + "  " + s.name()));
	}

	/** Withdraws a mandate the person gave, or steps down from one they hold. */
	void end(Path dir, String server, String delegation) {
		UUID id = id(delegation, "--delegation");
		SoftwareCard card = SoftwareCard.open(dir);
		DelegationClient client = client(card, server);
		client.end(id);
		DelegationClient.Listing listing = client.mine();
		String ended = listing.forMe().stream().filter((v) -> v.id().equals(id.toString())).findFirst()
			.map((v) -> v.proxyName() + " no longer acts for you.")
			.or(() -> listing.byMe().stream().filter((v) -> v.id().equals(id.toString())).findFirst()
				.map((v) -> "you no longer act for " + v.representedName() + "."))
			.orElse("it is over.");
		this.out.println("Delegation " + id + " ended: " + ended);
	}

	private void signAndSend(SoftwareCard card, DelegationClient client, DelegationView draft, MandateDocument document) {
		document.lines().forEach(this.out::println);
		char[] pin = this.pins.read("Signing PIN to give this mandate (an empty line signs nothing)");
		String waits = " Nothing was signed; the mandate waits for your signature: mandate-sign --mandate " + draft.id() + ".";
		if (pin.length == 0) {
			throw new WalletException("You did not give the signing PIN." + waits);
		}
		byte[] signature;
		try {
			KeyPair key = card.unlock(Slot.SIGNING, pin);
			signature = CmsSigner.signDetached(document.bytes(), key, card.provider(), signingCertificate(card), card.chain());
		}
		catch (WalletException ex) {
			throw new WalletException(ex.getMessage() + waits, ex);
		}
		finally {
			java.util.Arrays.fill(pin, '\0');
		}
		DelegationView given = client.sign(UUID.fromString(draft.id()), signature);
		this.out.println("Mandate " + given.id() + " given: " + given.proxyName() + " may act for you at "
				+ given.servicesNamed() + " until " + given.validUntil() + ".");
	}

	/** A client with the holder's token: the authentication PIN is asked here. */
	private DelegationClient client(SoftwareCard card, String server) {
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate; run request-certificates."));
		String origin = this.context.origin(card, server);
		KeyPair key = card.unlock(Slot.AUTHENTICATION, this.pins.read("Authentication PIN"));
		CardToken token = new CardToken(this.context.http());
		token.obtain(origin, key, card.provider(), certificate);
		return new DelegationClient(token, origin);
	}

	private static X509Certificate signingCertificate(SoftwareCard card) {
		return card.certificate(Slot.SIGNING)
			.orElseThrow(() -> new WalletException("The card has no signing certificate; run request-certificates."));
	}

	private void print(List<DelegationView> views, boolean forMe) {
		if (views.isEmpty()) {
			this.out.println("  no one");
		}
		views.forEach((v) -> this.out.println("  " + v.line(forMe)));
	}

	private static UUID id(String text, String option) {
		if (text == null) {
			throw new WalletCli.UsageException(option + " is required: the id delegations lists");
		}
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw new WalletCli.UsageException(option + " is an id as delegations lists it");
		}
	}

}
