package org.tsunagu.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.random.RandomGenerator;

/**
 * A 12-digit individual number: 11 digits and a check digit (weights 6,5,4,3,2,7,6,5,4,3,2 from the left;
 * r = sum mod 11; check digit 0 if r is 0 or 1, else 11 - r). An instance always has a right check digit.
 * The digits are personal data: {@link #toString()} hides them and {@link #reveal()} is the only way out.
 */
public final class IndividualNumber {

	private static final int[] WEIGHTS = { 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };

	private final String digits;

	private IndividualNumber(String digits) {
		this.digits = digits;
	}

	/**
	 * Parses twelve ASCII digits with a right check digit.
	 * @throws InvalidIndividualNumberException saying what is wrong, never quoting the input
	 */
	public static IndividualNumber parse(String text) {
		if (text == null || text.length() != 12) {
			throw new InvalidIndividualNumberException("An individual number has exactly 12 digits.");
		}
		for (int i = 0; i < 12; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				throw new InvalidIndividualNumberException("An individual number has only the digits 0 to 9.");
			}
		}
		if (checkDigit(text) != text.charAt(11) - '0') {
			throw new InvalidIndividualNumberException("The check digit of the individual number is wrong.");
		}
		return new IndividualNumber(text);
	}

	/** A new number from 11 random digits and their check digit. */
	public static IndividualNumber random(RandomGenerator random) {
		char[] chars = new char[12];
		for (int i = 0; i < 11; i++) {
			chars[i] = (char) ('0' + random.nextInt(10));
		}
		String first11 = new String(chars, 0, 11);
		chars[11] = (char) ('0' + checkDigit(first11));
		return new IndividualNumber(new String(chars));
	}

	/** The check digit for the first 11 digits of {@code digits}. */
	public static int checkDigit(CharSequence digits) {
		int sum = 0;
		for (int i = 0; i < 11; i++) {
			sum += (digits.charAt(i) - '0') * WEIGHTS[i];
		}
		int r = sum % 11;
		return r <= 1 ? 0 : 11 - r;
	}

	/** The twelve digits, for the few places that must show or protect them. */
	public String reveal() {
		return this.digits;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof IndividualNumber that && MessageDigest.isEqual(
				this.digits.getBytes(StandardCharsets.US_ASCII), that.digits.getBytes(StandardCharsets.US_ASCII));
	}

	@Override
	public int hashCode() {
		return this.digits.hashCode();
	}

	@Override
	public String toString() {
		return "IndividualNumber[redacted]";
	}

}
