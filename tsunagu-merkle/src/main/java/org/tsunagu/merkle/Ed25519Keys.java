package org.tsunagu.merkle;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/** Ed25519 keys in their RFC 8032 32-byte encodings, to and from the JDK's key types. */
final class Ed25519Keys {

	private Ed25519Keys() {
	}

	static PublicKey publicKey(byte[] encoded) {
		if (encoded.length != 32) {
			throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
		}
		byte[] littleEndian = encoded.clone();
		boolean xOdd = (littleEndian[31] & 0x80) != 0;
		littleEndian[31] &= 0x7F;
		byte[] bigEndian = new byte[32];
		for (int i = 0; i < 32; i++) {
			bigEndian[i] = littleEndian[31 - i];
		}
		try {
			return KeyFactory.getInstance("Ed25519")
				.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519,
						new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 public key", ex);
		}
	}

	static byte[] encode(PublicKey key) {
		EdECPoint point = ((EdECPublicKey) key).getPoint();
		byte[] y = point.getY().toByteArray();
		byte[] out = new byte[32];
		for (int i = 0; i < 32 && i < y.length; i++) {
			out[i] = y[y.length - 1 - i];
		}
		if (point.isXOdd()) {
			out[31] |= (byte) 0x80;
		}
		return out;
	}

	static PrivateKey privateKey(byte[] seed) {
		try {
			return KeyFactory.getInstance("Ed25519")
				.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 seed", ex);
		}
	}

	static byte[] sign(PrivateKey key, byte[] message) {
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(key);
			signature.update(message);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 signing failed", ex);
		}
	}

	static boolean verify(PublicKey key, byte[] message, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(message);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

}
