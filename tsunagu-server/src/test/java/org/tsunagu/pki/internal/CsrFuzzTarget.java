package org.tsunagu.pki.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import org.tsunagu.fuzz.FuzzBounds;
import org.tsunagu.platform.Violations;

/**
 * Fuzz target: the PKCS#10 certificate requests a card sends at issuance (Bouncy Castle's parser and the platform's
 * checks of key, curve, size and proof of possession). Its rule: a key comes back, or a refusal with its reason;
 * never an exception. The first byte chooses whether the rest is DER (sent as base64, as the card does) or text.
 */
public final class CsrFuzzTarget {

	private CsrFuzzTarget() {
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		byte[] rest = Arrays.copyOfRange(data, 1, data.length);
		String text = (data[0] & 1) == 0 ? Base64.getEncoder().encodeToString(rest)
				: new String(rest, StandardCharsets.UTF_8);
		FuzzBounds.check(() -> {
			Violations v = new Violations();
			CsrCheck.CheckedKey key = CsrCheck.check(text, "/authenticationCsr", v);
			if ((key == null) == v.isEmpty()) {
				throw new FuzzBounds.FuzzFinding("a request neither accepted nor refused with a reason");
			}
		});
	}

}
