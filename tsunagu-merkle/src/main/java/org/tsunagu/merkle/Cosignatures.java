package org.tsunagu.merkle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;

/**
 * Timestamped Ed25519 checkpoint cosignatures (type 0x04): a witness's statement that, at its time, the checkpoint
 * was the largest consistent tree head it had seen for the log. The signed message is {@code cosignature/v1},
 * {@code time <seconds>} and the checkpoint's note text; the signature line carries
 * {@code key id || timestamp (8 bytes) || signature}.
 *
 * @see <a href="https://c2sp.org/tlog-cosignature">C2SP tlog-cosignature</a>
 */
public final class Cosignatures {

	private Cosignatures() {
	}

	public static SignedNote.Line cosign(SignedNote checkpoint, NoteKey key, PrivateKey privateKey, Instant time) {
		long timestamp = time.getEpochSecond();
		byte[] signature = Ed25519Keys.sign(privateKey, message(checkpoint.text(), timestamp));
		byte[] value = ByteBuffer.allocate(8 + signature.length).putLong(timestamp).put(signature).array();
		return new SignedNote.Line(key.name(), key.keyId(), value);
	}

	/** Verifies the cosignature by {@code key} on the note; answers its time. */
	public static Instant verify(SignedNote checkpoint, NoteKey key) {
		if (key.type() != NoteKey.COSIGNATURE_V1) {
			throw new IllegalArgumentException("a cosigner key has type 0x04");
		}
		for (SignedNote.Line line : checkpoint.signatures()) {
			if (line.name().equals(key.name()) && line.keyId() == key.keyId()) {
				if (line.signature().length != 8 + 64) {
					throw new InvalidNoteException("a cosignature is a timestamp and a 64-byte signature");
				}
				ByteBuffer value = ByteBuffer.wrap(line.signature());
				long timestamp = value.getLong();
				byte[] signature = new byte[64];
				value.get(signature);
				if (timestamp < 0 || !Ed25519Keys.verify(key.javaKey(), message(checkpoint.text(), timestamp), signature)) {
					throw new InvalidNoteException("the cosignature of " + key.name() + " does not verify");
				}
				return Instant.ofEpochSecond(timestamp);
			}
		}
		throw new InvalidNoteException("no cosignature by " + key.name());
	}

	private static byte[] message(String text, long timestamp) {
		return ("cosignature/v1\ntime " + timestamp + "\n" + text).getBytes(StandardCharsets.UTF_8);
	}

}
