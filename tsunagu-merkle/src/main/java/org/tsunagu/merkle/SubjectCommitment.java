package org.tsunagu.merkle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How a log entry names the person it is about without naming them: SHA-256 of a fixed prefix, the person's
 * subject key and a per-entry salt. Without the key, two entries about one person cannot be linked; with the key
 * and an entry's salt, the person opens the commitment.
 */
public final class SubjectCommitment {

	static final byte[] PREFIX = "tsunagu log subject v1\0".getBytes(StandardCharsets.US_ASCII);

	private SubjectCommitment() {
	}

	public static byte[] of(byte[] subjectKey, byte[] salt) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(PREFIX);
			sha.update(subjectKey);
			sha.update(salt);
			return sha.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
