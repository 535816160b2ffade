package org.tsunagu.wallet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.tsunagu.merkle.Checkpoint;
import org.tsunagu.merkle.InvalidNoteException;
import org.tsunagu.merkle.InvalidProofException;
import org.tsunagu.merkle.NoteKey;
import org.tsunagu.merkle.ProofVerifier;
import org.tsunagu.merkle.SignedNote;
import org.tsunagu.merkle.TreeHashes;
import tools.jackson.databind.JsonNode;

/**
 * Checks a resident's access history on the resident's side, trusting only the log's verifier key: the
 * checkpoint's signature, each entry's inclusion in that checkpoint's tree, and that each entry's commitment opens
 * to the resident's subject key with the entry's salt (so the server cannot pass off someone else's entries).
 */
public final class AccessHistory {

	private AccessHistory() {
	}

	/** One checked entry. */
	public record Event(long index, String who, String what, String why, String when) {
	}

	/**
	 * @param answer the body of {@code GET /api/v1/me/access-events}
	 * @param key the log's verifier key, obtained out of band or pinned on first use
	 * @return the entries, every one checked
	 * @throws WalletException naming the first thing that does not hold
	 */
	public static List<Event> verify(JsonNode answer, NoteKey key) {
		List<Event> events = new ArrayList<>();
		if (!answer.has("checkpoint")) {
			if (answer.path("events").isEmpty()) {
				return events;
			}
			throw new WalletException("The history has entries but no checkpoint to check them against.");
		}
		Checkpoint checkpoint;
		try {
			SignedNote note = SignedNote.parse(answer.get("checkpoint").asString());
			if (note.verify(List.of(key)).isEmpty()) {
				throw new WalletException("The checkpoint is not signed by the log's key.");
			}
			checkpoint = Checkpoint.parse(note.text());
		}
		catch (InvalidNoteException ex) {
			throw new WalletException("The checkpoint is not signed by the log's key: " + ex.getMessage());
		}
		if (!checkpoint.origin().equals(key.name())) {
			throw new WalletException("The checkpoint is for another log (" + checkpoint.origin() + ").");
		}
		byte[] subjectKey = answer.has("subjectKey") ? Base64.getDecoder().decode(answer.get("subjectKey").asString()) : null;
		for (JsonNode event : answer.path("events")) {
			long index = event.get("index").asLong();
			byte[] leaf = Base64.getDecoder().decode(event.get("leaf").asString());
			List<byte[]> proof = new ArrayList<>();
			event.get("proof").forEach((h) -> proof.add(Base64.getDecoder().decode(h.asString())));
			try {
				ProofVerifier.verifyInclusion(index, checkpoint.size(), TreeHashes.leaf(leaf), proof, checkpoint.rootHash());
			}
			catch (InvalidProofException ex) {
				throw new WalletException("Entry " + index + " is not in the signed tree: " + ex.getMessage());
			}
			JsonNode entry = tools.jackson.databind.json.JsonMapper.builder().build().readTree(leaf);
			byte[] salt = Base64.getDecoder().decode(event.get("salt").asString());
			if (subjectKey == null || !Base64.getUrlEncoder().withoutPadding().encodeToString(org.tsunagu.merkle.SubjectCommitment.of(subjectKey, salt))
				.equals(entry.path("subject").asString(""))) {
				throw new WalletException("Entry " + index + " is not about you: its commitment does not open.");
			}
			events.add(new Event(index, entry.path("who").path("name").asString("") + " (" + entry.path("who").path("id").asString("") + ")",
					entry.path("what").asString(""), entry.path("why").asString(""), entry.path("when").asString("")));
		}
		return events;
	}


}
