package org.tsunagu.wallet.cli;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.WalletException;
import org.tsunagu.wallet.credentials.CredentialReceiver;
import org.tsunagu.wallet.credentials.CredentialStatuses;
import org.tsunagu.wallet.credentials.CredentialStore;
import org.tsunagu.wallet.credentials.Presenter;
import org.tsunagu.wallet.credentials.StoredCredential;

/**
 * The wallet's credential commands: {@code receive} an offer, {@code list} what is kept, {@code present} to a
 * verifier, {@code delete}. The holder keys are sealed under the card's authentication PIN, so that taking and
 * showing credentials is asked with the card's PIN and its tries. What is shown is the person's own, on their own
 * terminal; the verifier's name and exactly what it would learn are shown before the PIN is asked.
 */
final class CredentialCommands {

	static final int DEFAULT_COPIES = 3;

	private final PrintStream out;

	private final PinReader pins;

	private final HttpClient http;

	private final Clock clock;

	CredentialCommands(CommandContext context, Clock clock) {
		this.out = context.out();
		this.pins = context.pins();
		this.http = context.http();
		this.clock = clock;
	}

	/** Takes an offer's credentials: the transaction code, then the PIN that seals the new holder keys. */
	void receive(Path dir, String offer, String copies) {
		if (offer == null) {
			throw new WalletCli.UsageException("receive needs the offer: receive 'openid-credential-offer://...' --card-dir DIR");
		}
		int count = copies(copies);
		SoftwareCard card = SoftwareCard.open(dir);
		CredentialReceiver receiver = new CredentialReceiver(this.http, this.clock);
		CredentialReceiver.Offered offered = receiver.read(offer);
		this.out.println("Offer from " + offered.offer().credentialIssuer() + ": " + String.join(", ",
				offered.names().entrySet().stream().map((e) -> e.getValue() + " (" + e.getKey() + ")").toList()) + ".");
		String txCode = null;
		if (offered.offer().txCode() != null) {
			txCode = new String(this.pins.read(offered.offer().txCode().prompt())).strip();
			if (!offered.offer().txCode().accepts(txCode)) {
				throw new WalletException("That is not the transaction code: " + offered.offer().txCode().prompt() + ".");
			}
		}
		char[] pin = this.pins.read("Authentication PIN (it seals the credentials' holder keys)");
		List<StoredCredential> kept = CredentialStore.of(dir)
			.add(receiver.receive(offered, txCode, count, (keys) -> {
				try {
					return card.sealWithPin(Slot.AUTHENTICATION, pin, keys);
				}
				catch (WalletException ex) {
					throw new WalletException(ex.getMessage() + " The offer was not redeemed; try again.", ex);
				}
			}));
		Map<String, List<StoredCredential>> kinds = kinds(kept);
		kinds.values().forEach((copiesOf) -> this.out.println("Received " + describe(copiesOf.get(0)) + ": "
				+ copiesOf.size() + (copiesOf.size() == 1 ? " copy" : " copies") + " (each shown once), " + expiry(copiesOf)
				+ "; claims: " + String.join(", ", copiesOf.get(0).claims())));
		this.out.println("Each is checked (issuer's signature, disclosures, holder key, type, expiry) and kept in "
				+ dir.resolve("credentials") + ".");
	}

	/** One line per kind: copies left, expiry, status in the issuer's list, the claims' names. */
	void list(Path dir) {
		SoftwareCard.open(dir);
		List<StoredCredential> all = CredentialStore.of(dir).all();
		if (all.isEmpty()) {
			this.out.println("No credentials in " + dir.resolve("credentials") + "; take some with receive OFFER --card-dir " + dir + ".");
			return;
		}
		CredentialStatuses statuses = new CredentialStatuses(this.http, this.clock);
		Instant now = this.clock.instant();
		for (List<StoredCredential> copies : kinds(all).values()) {
			long usable = copies.stream().filter((c) -> !c.expired(now)).count();
			Map<String, Integer> status = new TreeMap<>();
			copies.forEach((c) -> status.merge(statuses.of(c), 1, Integer::sum));
			this.out.println(describe(copies.get(0)) + ": " + usable + (usable == 1 ? " copy" : " copies") + " left"
					+ (usable < copies.size() ? " (" + (copies.size() - usable) + " expired)" : "") + ", " + expiry(copies)
					+ ", status " + (status.size() == 1 ? status.keySet().iterator().next()
							: String.join(", ", status.entrySet().stream().map((e) -> e.getValue() + " " + e.getKey()).toList()))
					+ "; claims: " + String.join(", ", copies.get(0).claims()));
		}
	}

	/** Shows the verifier and what it would learn, asks the PIN, sends; the copy sent is deleted. */
	void present(Path dir, String request) {
		if (request == null) {
			throw new WalletCli.UsageException("present needs the verifier's request (openid4vp://...) or --challenge C");
		}
		SoftwareCard card = SoftwareCard.open(dir);
		if (card.chain().isEmpty()) {
			throw new WalletException("The card has no CA certificates yet, so it cannot tell a genuine verifier; "
					+ "run request-certificates first.");
		}
		CredentialStore store = CredentialStore.of(dir);
		Presenter presenter = new Presenter(this.http, this.clock);
		Presenter.Plan plan = presenter.plan(request, store.all(), card.chain());
		this.out.println(plan.verifier() + " asks for:");
		for (Presenter.Shown shown : plan.shown()) {
			this.out.println("  your " + describe(shown.copy()) + ", disclosing only:");
			(shown.disclosed().isEmpty() ? List.of("no claim (only that you hold it)") : shown.disclosed())
				.forEach((line) -> this.out.println("    " + line));
		}
		this.out.println("Every presentation also shows its issuer, type, validity dates, status entry and a one-time key.");
		if (plan.encrypted()) {
			this.out.println("The answer goes encrypted to the verifier's key for this request: only it can read it.");
		}
		char[] pin = this.pins.read("Authentication PIN to send this to " + plan.verifier() + " (an empty line sends nothing)");
		if (pin.length == 0) {
			throw new WalletException("Nothing was sent: you did not give the PIN.");
		}
		Optional<String> next = presenter.send(plan, (copy) -> {
			try {
				return card.openWithPin(Slot.AUTHENTICATION, pin, copy.sealedHolderKey());
			}
			catch (WalletException ex) {
				throw new WalletException(ex.getMessage() + " Nothing was sent.", ex);
			}
		}, store);
		this.out.println("Sent. " + plan.verifier() + " accepted the presentation.");
		this.out.println("The " + (plan.shown().size() == 1 ? "copy" : "copies") + " sent " + (plan.shown().size() == 1 ? "is" : "are")
				+ " deleted: a copy is shown once, so that verifiers cannot link your answers.");
		next.ifPresent((uri) -> this.out.println("The verifier asks you to open: " + uri));
	}

	/** Deletes every copy of a configuration, or every copy. */
	void delete(Path dir, String configuration, boolean all) {
		if (all == (configuration != null)) {
			throw new WalletCli.UsageException("delete needs --credential CONFIGURATION_ID or --all (one of them)");
		}
		SoftwareCard.open(dir);
		CredentialStore store = CredentialStore.of(dir);
		List<StoredCredential> doomed = store.all().stream().filter((c) -> all || c.configuration().equals(configuration)).toList();
		if (doomed.isEmpty()) {
			throw new WalletException(all ? "There are no credentials to delete." : "There is no " + configuration + " credential to delete.");
		}
		store.remove(doomed);
		kinds(doomed).values().forEach((copies) -> this.out.println("Deleted " + copies.size()
				+ (copies.size() == 1 ? " copy" : " copies") + " of " + describe(copies.get(0)) + "."));
	}

	private static int copies(String copies) {
		if (copies == null) {
			return DEFAULT_COPIES;
		}
		try {
			int n = Integer.parseInt(copies);
			if (n >= 1 && n <= CredentialReceiver.MAX_COPIES) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// the usage says what is expected
		}
		throw new WalletCli.UsageException("--copies is a number from 1 to " + CredentialReceiver.MAX_COPIES);
	}

	/** Copies by kind: configuration and issuer. */
	private static Map<String, List<StoredCredential>> kinds(List<StoredCredential> copies) {
		Map<String, List<StoredCredential>> kinds = new LinkedHashMap<>();
		copies.forEach((c) -> kinds.computeIfAbsent(c.configuration() + " " + c.issuer(), (k) -> new ArrayList<>()).add(c));
		return kinds;
	}

	private static String describe(StoredCredential copy) {
		return copy.name() + " (" + copy.configuration() + ") from " + copy.issuer();
	}

	private static String expiry(List<StoredCredential> copies) {
		Instant soonest = copies.stream().map(StoredCredential::expiresAt).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
		return soonest == null ? "no expiry" : "valid until " + soonest;
	}

}
