package org.tsunagu.wallet.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.tsunagu.merkle.NoteKey;
import org.tsunagu.wallet.AccessHistory;
import org.tsunagu.wallet.CardToken;
import org.tsunagu.wallet.LogMonitor;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * The transparency log's commands: {@code history} lists who used the person's data, each entry checked to be in the
 * signed log and to open to the person's key; {@code log-monitor} checks that the log's checkpoint only grew since the
 * last run; {@code check-proof} checks a proof downloaded from the resident pages. The log's key is never taken from
 * what is being checked: it is pinned on first use, or given on the command line.
 */
final class LogCommands {

	private final CommandContext context;

	LogCommands(CommandContext context) {
		this.context = context;
	}

	void history(Path dir, String server) {
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate; run request-certificates."));
		String origin = this.context.origin(card, server);
		String vkey = logKey(card, origin);
		KeyPair key = card.unlock(Slot.AUTHENTICATION, this.context.pins().read("Authentication PIN"));
		CardToken token = new CardToken(this.context.http());
		token.obtain(origin, key, card.provider(), certificate);
		// newest first, a page at a time, every page against the same signed checkpoint, until the server says
		// there is no more
		List<AccessHistory.Event> events = new ArrayList<>();
		NoteKey logKey = NoteKey.parse(vkey.strip());
		String page = origin + "/api/v1/me/access-events";
		while (page != null) {
			JsonNode answer = this.context.json().readTree(token.get(page));
			pinSubjectKey(card, answer);
			for (AccessHistory.Event event : AccessHistory.verify(answer, logKey)) {
				if (!events.isEmpty() && event.index() >= events.get(events.size() - 1).index()) {
					throw new WalletException("The server sent entry " + event.index() + " twice or out of order.");
				}
				events.add(event);
			}
			JsonNode next = answer.path("next");
			page = next.isObject() ? origin + "/api/v1/me/access-events?before=" + next.path("before").asLong() + "&size="
					+ next.path("size").asLong() : null;
		}
		print(events);
		this.context.out().println(events.size() + " entries about you; every one is in the signed log (inclusion proof checked), "
				+ "opens to your key, and the checkpoint's signature holds.");
	}

	void monitor(String server, Path state) {
		LogMonitor.Seen seen = new LogMonitor(this.context.http()).check(server, state);
		this.context.out().println(seen.previousSize() == 0 ? "Log key pinned; checkpoint of " + seen.size() + " entries, root " + seen.root() + "."
				: "The log grew from " + seen.previousSize() + " to " + seen.size() + " entries, consistently; root " + seen.root() + ".");
	}

	/** Checks a proof downloaded from the resident pages, trusting only the log's key. */
	void checkProof(Path file, String server, String givenKey) {
		JsonNode proof = this.context.readJson(file);
		if (!proof.path("checkpoint").isString() || !proof.path("events").isArray() || proof.path("events").isEmpty()) {
			// an empty history holds vacuously: a proof must name an entry and the checkpoint it is in
			throw new WalletException("The proof does not hold: " + file + " is not a proof as the account pages give it.");
		}
		String vkey = givenKey != null ? givenKey
				: server != null ? new LogMonitor(this.context.http()).key(server) : null;
		if (vkey == null) {
			throw new WalletCli.UsageException("--server or --log-key is required: the proof is checked against the log's own key, "
					+ "never the one in the file");
		}
		NoteKey logKey;
		try {
			logKey = NoteKey.parse(vkey.strip());
		}
		catch (RuntimeException ex) {
			throw new WalletException("The log key is not a note verifier key (name+id+key).");
		}
		List<AccessHistory.Event> events;
		try {
			events = AccessHistory.verify(proof, logKey);
		}
		catch (WalletException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// a field missing or of the wrong kind: the file is not a proof the account pages give
			throw new WalletException("The proof does not hold: it is not a proof as the account pages give it.");
		}
		print(events);
		this.context.out().println("Proof holds: the entry is in the log's signed tree, and its commitment opens to the subject key in the file.");
	}

	/** The log's key, pinned in the card directory on first use. */
	private String logKey(SoftwareCard card, String origin) {
		String vkey = card.text("log-key").orElse(null);
		if (vkey == null) {
			vkey = new LogMonitor(this.context.http()).key(origin);
			card.store("log-key", vkey);
			this.context.out().println("Pinned the log's key: " + vkey);
		}
		return vkey;
	}

	/**
	 * The subject key opens the commitments: pinned like the log key, so that a server cannot show another person's
	 * entries as this card holder's.
	 */
	private static void pinSubjectKey(SoftwareCard card, JsonNode answer) {
		String subjectKey = answer.path("subjectKey").asString(null);
		String pinnedSubject = card.text("subject-key").map(String::strip).orElse(null);
		if (pinnedSubject == null && subjectKey != null) {
			card.store("subject-key", subjectKey);
		}
		else if (pinnedSubject != null && subjectKey != null && !pinnedSubject.equals(subjectKey)) {
			throw new WalletException("The server sent another subject key than the one pinned for this card: "
					+ "it may be showing someone else's entries.");
		}
	}

	private void print(List<AccessHistory.Event> events) {
		for (AccessHistory.Event event : events) {
			this.context.out().println(event.when() + "  " + event.who() + "  " + event.what() + "  (" + event.why() + ")  #" + event.index());
		}
	}

}
