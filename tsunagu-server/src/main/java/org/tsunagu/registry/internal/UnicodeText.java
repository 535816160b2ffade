package org.tsunagu.registry.internal;

import java.text.Normalizer;

/**
 * The rule for text about people: NFC, and none of the characters that make a record unreadable or deceptive.
 * Variation selectors (the ideographic variation sequences of Japanese names) pass untouched, because NFC leaves
 * them alone. CJK compatibility ideographs are refused where NFC would replace them: the person's glyph would be
 * lost silently; the unified ideograph with its variation selector says the same thing and survives.
 *
 * @see <a href="https://www.unicode.org/reports/tr15/">UAX #15 Unicode Normalization Forms</a>
 * @see <a href="https://www.unicode.org/reports/tr37/">UTS #37 Ideographic Variation Database</a>
 */
final class UnicodeText {

	private UnicodeText() {
	}

	/** Why a text breaks the rule, or {@code null} when it does not. */
	static String problem(String text, int maxCodePoints) {
		int count = 0;
		for (int i = 0; i < text.length();) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
					|| Character.isLowSurrogate(c)) {
				return "contains an unpaired surrogate.";
			}
			int cp = text.codePointAt(i);
			String bad = refused(cp);
			if (bad != null) {
				return "contains " + bad + " (U+" + String.format("%04X", cp) + ").";
			}
			i += Character.charCount(cp);
			count++;
		}
		if (count > maxCodePoints) {
			return "is longer than " + maxCodePoints + " characters.";
		}
		return null;
	}

	private static String refused(int cp) {
		return switch (Character.getType(cp)) {
			case Character.CONTROL -> "a control character";
			case Character.UNASSIGNED -> "an unassigned code point";
			case Character.PRIVATE_USE -> "a private-use character";
			case Character.FORMAT -> "an invisible formatting character";
			case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "a line break";
			default -> compatibilityIdeograph(cp) ? "a CJK compatibility ideograph; send the unified ideograph with its variation selector" : null;
		};
	}

	private static boolean compatibilityIdeograph(int cp) {
		boolean inBlock = (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
		return inBlock && !Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFC).equals(Character.toString(cp));
	}

	/** The NFC form; call only on text that passed {@link #problem}. */
	static String nfc(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFC);
	}

	/** A form for matching one record against another: compatibility-folded, case-folded, no spaces or selectors. */
	static String matchForm(String text) {
		if (text == null) {
			return "";
		}
		String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
		StringBuilder out = new StringBuilder(folded.length());
		folded.codePoints()
			.filter((cp) -> !Character.isWhitespace(cp) && !isVariationSelector(cp) && cp != '-' && cp != 'ー')
			.forEach(out::appendCodePoint);
		return out.toString();
	}

	private static boolean isVariationSelector(int cp) {
		return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || (cp >= 0x180B && cp <= 0x180D);
	}

}
