package org.tsunagu.portal.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.merkle.Checkpoint;
import org.tsunagu.merkle.InvalidNoteException;
import org.tsunagu.merkle.InvalidProofException;
import org.tsunagu.merkle.NoteKey;
import org.tsunagu.merkle.ProofVerifier;
import org.tsunagu.merkle.SignedNote;
import org.tsunagu.merkle.SubjectCommitment;
import org.tsunagu.merkle.TreeHashes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * "Who used my data", checked here as the wallet checks it, trusting only the log's key: the checkpoint's
 * signature, each entry's inclusion proof against that checkpoint's root, and that each entry's commitment opens to
 * the resident's subject key. An entry earns its "verified" mark only when all three hold. The key is read from
 * the log once and kept (pinned) for the life of the server.
 */
@Component
class HistoryCheck {

	/** The kinds the page filters by. */
	static final List<String> KINDS = List.of("record", "card", "sign-in", "insurance", "exchange", "other");

	/** At most this many entries are shown (the newest); the wallet and the download read them all. */
	static final int LIMIT = 2_000;

	interface Api {

		ApiAnswer call(HttpServletRequest request, String method, String path);

	}

	/** One entry as the page shows it. */
	public record Event(long index, String when, String who, String whoId, String what, String why, String kind,
			boolean verified) {
	}

	record Checked(long treeSize, List<Event> events) {
	}

	private final AccountClient client;

	private final AccountAddresses addresses;

	private final JsonMapper json;

	private volatile NoteKey key;

	HistoryCheck(AccountClient client, AccountAddresses addresses, JsonMapper json) {
		this.client = client;
		this.addresses = addresses;
		this.json = json;
	}

	Checked check(HttpServletRequest request, Api api) {
		List<JsonNode> pages = pages(request, api);
		List<Event> events = new ArrayList<>();
		long size = 0;
		for (JsonNode page : pages) {
			Optional<Checkpoint> checkpoint = checkpoint(request, page);
			size = checkpoint.map(Checkpoint::size).orElse(size);
			byte[] subjectKey = subjectKey(page);
			for (JsonNode event : page.path("events")) {
				// what the page shows is read from the leaf whose inclusion is checked, never from a copy beside it
				JsonNode entry = leaf(event);
				boolean verified = checkpoint.isPresent() && included(event, checkpoint.get()) && opens(event, entry, subjectKey);
				String what = entry.path("what").asString("");
				String whoId = entry.path("who").path("id").asString("");
				events.add(new Event(event.get("index").asLong(), entry.path("when").asString(""),
						entry.path("who").path("name").asString(""), whoId, what, entry.path("why").asString(""),
						kind(whoId, what), verified));
			}
		}
		return new Checked(size, events);
	}

	/** One entry with everything needed to check it elsewhere: the shape of the access-events answer, one event. */
	Optional<String> proof(HttpServletRequest request, Api api, long index) {
		for (JsonNode page : pages(request, api)) {
			for (JsonNode event : page.path("events")) {
				if (event.get("index").asLong() == index) {
					ObjectNode proof = this.json.createObjectNode();
					proof.put("logKey", key(request).toString());
					proof.set("checkpoint", page.get("checkpoint"));
					proof.set("subjectKey", page.get("subjectKey"));
					proof.putArray("events").add(event);
					return Optional.of(proof.toPrettyString());
				}
			}
		}
		return Optional.empty();
	}

	/** Every page of the history as the API gave it, for the download. */
	ArrayNode raw(HttpServletRequest request, Api api) {
		ArrayNode all = this.json.createArrayNode();
		pages(request, api).forEach(all::add);
		return all;
	}

	private List<JsonNode> pages(HttpServletRequest request, Api api) {
		List<JsonNode> pages = new ArrayList<>();
		String path = "/api/v1/me/access-events";
		int seen = 0;
		while (path != null && seen < LIMIT) {
			JsonNode page = api.call(request, "GET", path).required();
			pages.add(page);
			if (page.path("events").isEmpty()) {
				break;
			}
			seen += page.path("events").size();
			JsonNode next = page.path("next");
			path = next.isObject() ? "/api/v1/me/access-events?before=" + next.path("before").asLong() + "&size="
					+ next.path("size").asLong() : null;
		}
		return pages;
	}

	private Optional<Checkpoint> checkpoint(HttpServletRequest request, JsonNode page) {
		if (!page.has("checkpoint")) {
			return Optional.empty();
		}
		try {
			NoteKey logKey = key(request);
			SignedNote note = SignedNote.parse(page.get("checkpoint").asString());
			if (note.verify(List.of(logKey)).isEmpty()) {
				return Optional.empty();
			}
			Checkpoint checkpoint = Checkpoint.parse(note.text());
			return checkpoint.origin().equals(logKey.name()) ? Optional.of(checkpoint) : Optional.empty();
		}
		catch (InvalidNoteException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static byte[] subjectKey(JsonNode page) {
		try {
			return page.has("subjectKey") ? Base64.getDecoder().decode(page.get("subjectKey").asString()) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private JsonNode leaf(JsonNode event) {
		try {
			return this.json.readTree(Base64.getDecoder().decode(event.path("leaf").asString("")));
		}
		catch (RuntimeException ex) {
			return this.json.createObjectNode();
		}
	}

	private static boolean included(JsonNode event, Checkpoint checkpoint) {
		try {
			byte[] leaf = Base64.getDecoder().decode(event.get("leaf").asString());
			List<byte[]> proof = new ArrayList<>();
			event.get("proof").forEach((h) -> proof.add(Base64.getDecoder().decode(h.asString())));
			ProofVerifier.verifyInclusion(event.get("index").asLong(), checkpoint.size(), TreeHashes.leaf(leaf), proof,
					checkpoint.rootHash());
			return true;
		}
		catch (InvalidProofException | IllegalArgumentException | NullPointerException ex) {
			return false;
		}
	}

	private static boolean opens(JsonNode event, JsonNode entry, byte[] subjectKey) {
		if (subjectKey == null || !event.has("salt")) {
			return false;
		}
		byte[] salt;
		try {
			salt = Base64.getDecoder().decode(event.get("salt").asString());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(SubjectCommitment.of(subjectKey, salt))
			.equals(entry.path("subject").asString(""));
	}

	private NoteKey key(HttpServletRequest request) {
		NoteKey pinned = this.key;
		if (pinned == null) {
			String base = this.addresses.base(request).orElseThrow(() -> new AccountException("Not a registered address"));
			pinned = NoteKey.parse(this.client.text(base + "/log/key").strip());
			this.key = pinned;
		}
		return pinned;
	}

	static String kind(String whoId, String what) {
		if (what.startsWith("resident record")) {
			return "record";
		}
		if (what.contains("certificate")) {
			return "card";
		}
		if (what.startsWith("claims released")) {
			return "sign-in";
		}
		if (what.startsWith("health insurance")) {
			return "insurance";
		}
		if ("exchange-hub".equals(whoId)) {
			return "exchange";
		}
		return "other";
	}

}
