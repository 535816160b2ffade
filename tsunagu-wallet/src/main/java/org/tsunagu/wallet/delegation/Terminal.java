package org.tsunagu.wallet.delegation;

import java.util.regex.Pattern;

/**
 * Text from the server made safe to print: control characters (which can move the cursor or hide what follows on
 * a terminal) and the bidirectional overrides (which can reverse what a person reads) are taken out, so that what
 * is shown before signing is what is there.
 */
final class Terminal {

	private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]+");

	private Terminal() {
	}

	static String safe(String text) {
		String line = UNSAFE.matcher(text).replaceAll(" ").strip();
		return line.length() > 300 ? line.substring(0, 300) + "..." : line;
	}

}
