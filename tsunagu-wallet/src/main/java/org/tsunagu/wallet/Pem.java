package org.tsunagu.wallet;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM text in and out (RFC 7468). */
public final class Pem {

	private Pem() {
	}

	public static String encode(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + label + "-----\n";
	}

	public static byte[] decode(String pem) {
		return Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) [A-Z0-9 ]+-----", ""));
	}

	/** The first certificate in PEM text. */
	public static java.security.cert.X509Certificate certificate(String pem) {
		java.util.List<java.security.cert.X509Certificate> found = SoftwareCard
			.certificates(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		if (found.isEmpty()) {
			throw new WalletException("A certificate is missing where one is expected.");
		}
		return found.get(0);
	}

	static PublicKey publicKey(String pem) {
		try {
			return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(decode(pem)));
		}
		catch (GeneralSecurityException ex) {
			throw new WalletException("A public key file of the card is damaged.", ex);
		}
	}

}
