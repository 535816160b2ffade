package org.tsunagu.wallet;

import java.util.regex.Pattern;

/**
 * The card's two keys, each behind its own PIN with its own retry limit, as on the My Number Card: a 4-digit PIN
 * for authentication (locked after 3 wrong tries) and a 6-to-16-character PIN of letters and digits for signing
 * (locked after 5).
 */
public enum Slot {

	AUTHENTICATION("auth", Pattern.compile("\\d{4}"), 3, "4 digits"),

	SIGNING("sign", Pattern.compile("[A-Za-z0-9]{6,16}"), 5, "6 to 16 letters and digits");

	private final String file;

	private final Pattern pin;

	private final int tries;

	private final String rule;

	Slot(String file, Pattern pin, int tries, String rule) {
		this.file = file;
		this.pin = pin;
		this.tries = tries;
		this.rule = rule;
	}

	/** The stem of this slot's files in the card directory: {@code auth} or {@code sign}. */
	public String file() {
		return this.file;
	}

	public int tries() {
		return this.tries;
	}

	public boolean acceptable(char[] pin) {
		return this.pin.matcher(java.nio.CharBuffer.wrap(pin)).matches();
	}

	/** The PIN rule in words, for messages. */
	public String rule() {
		return this.rule;
	}

}
