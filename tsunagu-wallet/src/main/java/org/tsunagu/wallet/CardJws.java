package org.tsunagu.wallet;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.Base64;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Compact JWS (ES256) signed by a card's key, in whatever provider holds it (a token's PKCS#11 or the JDK's). */
public final class CardJws {

	private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

	private CardJws() {
	}

	public static String sign(JsonMapper json, ObjectNode header, ObjectNode claims, PrivateKey key, Provider provider) {
		String input = B64URL.encodeToString(json.writeValueAsBytes(header)) + "."
				+ B64URL.encodeToString(json.writeValueAsBytes(claims));
		try {
			Signature signature = provider == null ? Signature.getInstance("SHA256withECDSA")
					: Signature.getInstance("SHA256withECDSA", provider);
			signature.initSign(key);
			signature.update(input.getBytes(StandardCharsets.US_ASCII));
			return input + "." + B64URL.encodeToString(joseSignature(signature.sign()));
		}
		catch (GeneralSecurityException ex) {
			throw new WalletException("The card could not sign.", ex);
		}
	}

	/** DER ECDSA (SEQUENCE of two INTEGERs) to JOSE's fixed 64 bytes R || S. */
	static byte[] joseSignature(byte[] der) {
		int offset = der[1] == (byte) 0x81 ? 3 : 2;
		int rLength = der[offset + 1];
		byte[] r = java.util.Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength);
		int sOffset = offset + 2 + rLength;
		int sLength = der[sOffset + 1];
		byte[] s = java.util.Arrays.copyOfRange(der, sOffset + 2, sOffset + 2 + sLength);
		byte[] out = new byte[64];
		System.arraycopy(fixed(new BigInteger(1, r)), 0, out, 0, 32);
		System.arraycopy(fixed(new BigInteger(1, s)), 0, out, 32, 32);
		return out;
	}

	static byte[] fixed(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] out = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
		return out;
	}

}
