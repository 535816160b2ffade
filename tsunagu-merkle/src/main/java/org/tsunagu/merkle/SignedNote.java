package org.tsunagu.merkle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, and signature lines
 * {@code — <name> base64(key id || signature)}. Verification follows the spec: signatures by unknown keys are
 * ignored, a signature by a known key that fails rejects the note, and a note with no verified signature is
 * rejected.
 *
 * @see <a href="https://c2sp.org/signed-note">C2SP signed-note</a>
 */
public record SignedNote(String text, List<Line> signatures) {

	private static final String DASH = "\u2014 ";

	private static final int MAX_SIGNATURES = 64;

	public SignedNote {
		signatures = List.copyOf(signatures);
	}

	/** One signature line: the key's name, its id, and the signature bytes after the id. */
	public record Line(String name, int keyId, byte[] signature) {
	}

	public static SignedNote parse(String note) {
		if (!note.endsWith("\n") || note.chars().anyMatch((c) -> c < 0x20 && c != '\n')) {
			throw new InvalidNoteException("a note ends with a newline and has no control characters");
		}
		int split = note.lastIndexOf("\n\n");
		if (split < 0) {
			throw new InvalidNoteException("a note has a blank line before its signatures");
		}
		String text = note.substring(0, split + 1);
		String[] lines = note.substring(split + 2).split("\n");
		List<Line> signatures = new ArrayList<>();
		for (String line : lines) {
			if (!line.startsWith(DASH)) {
				throw new InvalidNoteException("a signature line starts with an em dash and a space");
			}
			String[] parts = line.substring(DASH.length()).split(" ");
			if (parts.length != 2 || parts[0].isEmpty()) {
				throw new InvalidNoteException("a signature line has a name and a signature");
			}
			byte[] blob;
			try {
				blob = Base64.getDecoder().decode(parts[1]);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidNoteException("a signature is not base64");
			}
			if (blob.length < 5) {
				throw new InvalidNoteException("a signature is too short");
			}
			signatures.add(new Line(parts[0], ByteBuffer.wrap(blob).getInt(),
					java.util.Arrays.copyOfRange(blob, 4, blob.length)));
		}
		if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
			throw new InvalidNoteException("a note has 1 to 64 signatures");
		}
		return new SignedNote(text, signatures);
	}

	/** Signs a text with an Ed25519 key as {@code key} (type 0x01) names it. */
	public static SignedNote sign(String text, NoteKey key, PrivateKey privateKey) {
		if (!text.endsWith("\n")) {
			throw new IllegalArgumentException("a note text ends with a newline");
		}
		byte[] signature = Ed25519Keys.sign(privateKey, text.getBytes(StandardCharsets.UTF_8));
		return new SignedNote(text, List.of(new Line(key.name(), key.keyId(), signature)));
	}

	/** The note with one more signature line. */
	public SignedNote with(Line signature) {
		List<Line> all = new ArrayList<>(this.signatures);
		all.add(signature);
		return new SignedNote(this.text, all);
	}

	/** Checks the Ed25519 (type 0x01) signatures by the given keys; answers the keys that verified. */
	public List<NoteKey> verify(List<NoteKey> trusted) {
		List<NoteKey> verified = new ArrayList<>();
		byte[] message = this.text.getBytes(StandardCharsets.UTF_8);
		for (Line line : this.signatures) {
			for (NoteKey key : trusted) {
				if (key.type() == NoteKey.ED25519 && key.name().equals(line.name()) && key.keyId() == line.keyId()) {
					if (!Ed25519Keys.verify(key.javaKey(), message, line.signature())) {
						throw new InvalidNoteException("a signature by a trusted key does not verify: " + key.name());
					}
					verified.add(key);
				}
			}
		}
		if (verified.isEmpty()) {
			throw new InvalidNoteException("no signature by a trusted key");
		}
		return verified;
	}

	/** The note as served: text, blank line, signature lines. */
	public String encode() {
		StringBuilder out = new StringBuilder(this.text).append('\n');
		for (Line line : this.signatures) {
			byte[] blob = ByteBuffer.allocate(4 + line.signature().length).putInt(line.keyId()).put(line.signature()).array();
			out.append(DASH).append(line.name()).append(' ').append(Base64.getEncoder().encodeToString(blob)).append('\n');
		}
		return out.toString();
	}

}
