package org.tsunagu.merkle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed-note verifier key ("vkey"): key name, 32-bit key id, signature type and public key, written
 * {@code <name>+<hex key id>+<base64(type || key)>}. Type {@code 0x01} is an Ed25519 note signature,
 * {@code 0x04} a timestamped Ed25519 checkpoint cosignature.
 *
 * @see <a href="https://c2sp.org/signed-note">C2SP signed-note</a>
 */
public record NoteKey(String name, int keyId, int type, byte[] publicKey) {

	public static final int ED25519 = 0x01;

	public static final int COSIGNATURE_V1 = 0x04;

	public NoteKey {
		if (name.isEmpty() || name.contains("+") || name.codePoints().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException("a key name is not empty and has no spaces or plus signs");
		}
		if ((type != ED25519 && type != COSIGNATURE_V1) || publicKey.length != 32) {
			throw new IllegalArgumentException("only Ed25519 keys (types 0x01 and 0x04) are supported");
		}
		publicKey = publicKey.clone();
	}

	/** The key for an Ed25519 public key, with the key id the spec recommends. */
	public static NoteKey of(String name, int type, PublicKey key) {
		byte[] raw = Ed25519Keys.encode(key);
		return new NoteKey(name, keyId(name, type, raw), type, raw);
	}

	/** Parses a vkey; the id must be the one the name, type and key give. */
	public static NoteKey parse(String vkey) {
		String[] parts = vkey.split("\\+", 3);
		if (parts.length != 3 || parts[1].length() != 8) {
			throw new IllegalArgumentException("a vkey is <name>+<8 hex digits>+<base64>");
		}
		byte[] typeAndKey = Base64.getDecoder().decode(parts[2]);
		if (typeAndKey.length != 33) {
			throw new IllegalArgumentException("an Ed25519 vkey holds a type byte and 32 key bytes");
		}
		byte[] key = java.util.Arrays.copyOfRange(typeAndKey, 1, 33);
		int id = (int) Long.parseLong(parts[1], 16);
		NoteKey parsed = new NoteKey(parts[0], id, typeAndKey[0] & 0xFF, key);
		if (keyId(parsed.name(), parsed.type(), key) != id) {
			throw new IllegalArgumentException("the vkey's id does not match its name and key");
		}
		return parsed;
	}

	static int keyId(String name, int type, byte[] key) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(name.getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) '\n');
			sha256.update((byte) type);
			return ByteBuffer.wrap(sha256.digest(key)).getInt();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public PublicKey javaKey() {
		return Ed25519Keys.publicKey(this.publicKey);
	}

	@Override
	public byte[] publicKey() {
		return this.publicKey.clone();
	}

	@Override
	public String toString() {
		byte[] typeAndKey = new byte[33];
		typeAndKey[0] = (byte) this.type;
		System.arraycopy(this.publicKey, 0, typeAndKey, 1, 32);
		return this.name + "+" + HexFormat.of().toHexDigits(this.keyId) + "+"
				+ Base64.getEncoder().encodeToString(typeAndKey);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof NoteKey that && this.name.equals(that.name) && this.keyId == that.keyId
				&& this.type == that.type && java.util.Arrays.equals(this.publicKey, that.publicKey);
	}

	@Override
	public int hashCode() {
		return this.name.hashCode() * 31 + this.keyId;
	}

}
