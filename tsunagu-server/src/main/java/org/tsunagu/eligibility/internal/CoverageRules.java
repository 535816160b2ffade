package org.tsunagu.eligibility.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.tsunagu.platform.Violations;

/**
 * The rules an insurer's coverage record is held to before anything is linked or written: member keys, the
 * member's and each dependant's identity data, the coverage facts. Each rule broken is one violation at its place
 * in the request, so a refusal lists them all at once.
 */
final class CoverageRules {

	static final Pattern MEMBER_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	static final Set<BigDecimal> COPAY = Set.of(new BigDecimal("0.0"), new BigDecimal("0.1"), new BigDecimal("0.2"),
			new BigDecimal("0.3"));

	/** At most this many dependants come with one insured person. */
	static final int MAX_DEPENDANTS = 20;

	private CoverageRules() {
	}

	/** Each dependant's own data checked as a member's is; their birth dates, in order. */
	static List<LocalDate> checkDependants(String memberKey, CoverageForm form, List<CoverageForm.Dependant> dependants,
			LocalDate today, Violations v) {
		List<LocalDate> birthDates = new ArrayList<>();
		if (dependants.isEmpty()) {
			return birthDates;
		}
		if (!"insured".equals(form.relationship())) {
			v.add("/dependants", "Dependants come with the insured person's coverage.");
		}
		if (dependants.size() > MAX_DEPENDANTS) {
			v.add("/dependants", "At most " + MAX_DEPENDANTS + " dependants come with one insured person.");
			return birthDates;
		}
		Set<String> keys = new HashSet<>(List.of(memberKey));
		for (int i = 0; i < dependants.size(); i++) {
			String at = "/dependants/" + i;
			CoverageForm.Dependant d = dependants.get(i);
			if (d == null) {
				v.add(at, "A dependant is an object with their member key, individual number, name and birth date.");
				birthDates.add(null);
				continue;
			}
			int before = v.list().size();
			memberKey(d.memberKey(), at + "/memberKey", v);
			if (v.list().size() == before && !keys.add(d.memberKey())) {
				v.add(at + "/memberKey", "Each person has a member key of their own.");
			}
			if (d.individualNumber() == null || d.individualNumber().isBlank()) {
				v.add(at + "/individualNumber", "The dependant's individual number is needed once, to link them to the registry.");
			}
			if (d.name() == null || d.name().family() == null || d.name().family().isBlank()) {
				v.add(at + "/name/family", "The dependant's family name is required.");
			}
			else {
				name(d.name(), at, v);
			}
			LocalDate born = v.date(d.birthDate(), at + "/birthDate", true);
			if (born != null && born.isAfter(today)) {
				v.add(at + "/birthDate", "A birth date is not in the future.");
			}
			birthDates.add(born);
			if (d.branch() != null && !d.branch().matches("\\d{2}")) {
				v.add(at + "/branch", "A branch number has two digits.");
			}
			if (d.copayRatio() != null && COPAY.stream().noneMatch((c) -> c.compareTo(d.copayRatio()) == 0)) {
				v.add(at + "/copayRatio", "The co-payment ratio is 0, 0.1, 0.2 or 0.3.");
			}
		}
		return birthDates;
	}

	static void memberKey(String memberKey) {
		Violations v = new Violations();
		memberKey(memberKey, "/memberKey", v);
		v.throwIfAny();
	}

	/**
	 * A key of digits alone (separators aside), twelve or more, could be an individual number or the member's
	 * symbol and number, which never go into an address; a key with letters (a UUID, {@code K-0001}) is opaque.
	 */
	private static boolean numberLike(String memberKey) {
		String digits = memberKey.replaceAll("[._-]", "");
		return digits.length() >= 12 && digits.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	static void memberKey(String memberKey, String pointer, Violations v) {
		if (memberKey == null || !MEMBER_KEY.matcher(memberKey).matches()) {
			v.add(pointer, "A member key is 1 to 64 letters, digits, dots, hyphens or underscores.");
		}
		else if (numberLike(memberKey)) {
			v.add(pointer, "A member key is the insurer's own opaque key, never an individual number or the member's "
					+ "symbol and number: a key of twelve digits or more and nothing else is refused.");
		}
	}

	static void check(CoverageForm form, LocalDate from, LocalDate to, LocalDate birthDate, boolean identity, LocalDate today,
			Violations v) {
		if (identity && (form.individualNumber() == null || form.individualNumber().isBlank())) {
			v.add("/individualNumber", "The member's individual number is needed once, to link the member to the registry.");
		}
		if (identity && (form.name() == null || form.name().family() == null || form.name().family().isBlank())) {
			v.add("/name/family", "The member's family name is required.");
		}
		else if (form.name() != null) {
			name(form.name(), "", v);
		}
		// a newborn's birth day is a day in the country's time zone
		if (birthDate != null && birthDate.isAfter(today)) {
			v.add("/birthDate", "A birth date is not in the future.");
		}
		if (!"insured".equals(form.relationship()) && !"dependant".equals(form.relationship())) {
			v.add("/relationship", "The member is insured or a dependant.");
		}
		required(form.symbol(), "/symbol", 20, v);
		required(form.number(), "/number", 20, v);
		if (form.branch() != null && !form.branch().matches("\\d{2}")) {
			v.add("/branch", "A branch number has two digits.");
		}
		if (from != null && to != null && to.isBefore(from)) {
			v.add("/validTo", "Coverage ends on or after the day it starts.");
		}
		if (form.copayRatio() == null || COPAY.stream().noneMatch((c) -> c.compareTo(form.copayRatio()) == 0)) {
			v.add("/copayRatio", "The co-payment ratio is 0, 0.1, 0.2 or 0.3.");
		}
		required(form.limitCategory(), "/limitCategory", 16, v);
	}

	/** A name's four parts, each at most 50 characters without control characters; {@code at} the person's place. */
	private static void name(CoverageForm.Name name, String at, Violations v) {
		text(name.family(), at + "/name/family", 50, v);
		text(name.given(), at + "/name/given", 50, v);
		text(name.familyReading(), at + "/name/familyReading", 50, v);
		text(name.givenReading(), at + "/name/givenReading", 50, v);
	}

	private static void required(String value, String pointer, int max, Violations v) {
		if (value == null || value.isBlank()) {
			v.add(pointer, "This is required.");
			return;
		}
		text(value, pointer, max, v);
	}

	private static void text(String value, String pointer, int max, Violations v) {
		if (value != null && (value.codePointCount(0, value.length()) > max || value.chars().anyMatch(Character::isISOControl)
				|| value.chars().anyMatch((c) -> Character.isSurrogate((char) c)) && !wellFormed(value))) {
			v.add(pointer, "At most " + max + " characters, without control characters.");
		}
	}

	private static boolean wellFormed(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
