package org.tsunagu.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;

import org.tsunagu.merkle.Checkpoint;
import org.tsunagu.merkle.Cosignatures;
import org.tsunagu.merkle.InvalidNoteException;
import org.tsunagu.merkle.NoteKey;
import org.tsunagu.merkle.SignedNote;

/**
 * Fuzz target: a C2SP signed note as the wallet and the resident pages read the log's checkpoint — the note, its
 * signatures against the log's key, the checkpoint body, a witness's cosignature, and the text as a verifier key. Its
 * rule: parsed, or refused with {@link InvalidNoteException} (an {@link IllegalArgumentException} for a key); never
 * another exception, and never a forged signature accepted.
 */
public final class NoteFuzzTarget {

	static final NoteKey LOG;

	static final NoteKey WITNESS;

	static {
		try {
			KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
			KeyPair log = ed.generateKeyPair();
			KeyPair witness = ed.generateKeyPair();
			LOG = NoteKey.of("tsunagu.example/log", NoteKey.ED25519, log.getPublic());
			WITNESS = NoteKey.of("witness.example", NoteKey.COSIGNATURE_V1, witness.getPublic());
		}
		catch (Exception ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private NoteFuzzTarget() {
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		String text = new String(data, StandardCharsets.UTF_8);
		FuzzBounds.check(() -> {
			try {
				NoteKey.parse(text.strip());
			}
			catch (IllegalArgumentException refused) {
				// a malformed verifier key
			}
			SignedNote note;
			try {
				note = SignedNote.parse(text);
			}
			catch (InvalidNoteException refused) {
				return;
			}
			try {
				Checkpoint.parse(note.text());
			}
			catch (InvalidNoteException refused) {
				// not a checkpoint: still a note whose signatures are checked below
			}
			try {
				List<NoteKey> verified = note.verify(List.of(LOG));
				throw new FuzzBounds.FuzzFinding("a note verified without the log's private key: " + verified);
			}
			catch (InvalidNoteException refused) {
				// no genuine signature can be in a fuzzed note
			}
			try {
				Instant at = Cosignatures.verify(note, WITNESS);
				throw new FuzzBounds.FuzzFinding("a cosignature verified without the witness's key at " + at);
			}
			catch (InvalidNoteException refused) {
				// as above
			}
		});
	}

}
