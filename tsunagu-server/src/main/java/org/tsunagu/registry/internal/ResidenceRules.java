package org.tsunagu.registry.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.tsunagu.platform.Violations;
import org.tsunagu.registry.internal.Forms.ResidenceForm;
import org.tsunagu.registry.internal.ResidentRecord.Correction;
import org.tsunagu.registry.internal.ResidentRecord.Residence;

import org.springframework.stereotype.Component;

/**
 * The rules of a foreign resident's status of residence as Japan's residence card carries it (Immigration Control
 * and Refugee Recognition Act, appended tables I and II), and of a correction an operator opens on a record.
 * Messages never repeat the submitted value.
 */
@Component
final class ResidenceRules {

	/** The statuses of residence, by the act's appended tables, and the special permanent residents of the 1991 act. */
	static final List<String> STATUSES = List.of("diplomat", "official", "professor", "artist", "religious-activities",
			"journalist", "highly-skilled-professional", "business-manager", "legal-accounting-services",
			"medical-services", "researcher", "instructor", "engineer-humanities-international-services",
			"intra-company-transferee", "nursing-care", "entertainer", "skilled-labor", "specified-skilled-worker",
			"technical-intern-training", "cultural-activities", "temporary-visitor", "student", "trainee", "dependent",
			"designated-activities", "permanent-resident", "spouse-or-child-of-japanese-national",
			"spouse-or-child-of-permanent-resident", "long-term-resident", "special-permanent-resident");

	/** Statuses without a period of stay. */
	static final Set<String> PERMANENT = Set.of("permanent-resident", "special-permanent-resident");

	/**
	 * What the card's work field says: no restriction; only the work of the status; only the work the designation
	 * names; no work.
	 */
	static final List<String> WORK_PERMISSIONS = List.of("unrestricted", "within-status", "as-designated",
			"not-permitted");

	/** The facts a correction may name. */
	static final List<String> CORRECTABLE = List.of("name", "birthDate", "sex", "address", "nationality", "residence");

	/** The longest period of stay the act grants (five years). */
	private static final Period LONGEST = Period.ofYears(5);

	private final Clock clock;

	ResidenceRules(Clock clock) {
		this.clock = clock;
	}

	/**
	 * A status of residence from its form: a known status, a work permission, and for a status that is not
	 * permanent a period of at most five years ending on a day not already past.
	 */
	Residence residence(ResidenceForm form, Violations v) {
		if (form == null) {
			v.add("/residence", "A residence-changed event carries the residence: status, stayUntil, workPermission.");
			return null;
		}
		if (form.status() == null || !STATUSES.contains(form.status())) {
			v.add("/residence/status", "The status of residence is one of " + String.join(", ", STATUSES) + ".");
		}
		if (form.workPermission() == null || !WORK_PERMISSIONS.contains(form.workPermission())) {
			v.add("/residence/workPermission",
					"The permission to work is one of " + String.join(", ", WORK_PERMISSIONS) + ".");
		}
		boolean permanent = form.status() != null && PERMANENT.contains(form.status());
		if (permanent) {
			if (form.stayUntil() != null || form.periodOfStay() != null) {
				v.add("/residence/stayUntil", "A permanent status of residence has no period of stay.");
			}
			return new Residence(form.status(), null, null, form.workPermission());
		}
		Period period = period(form.periodOfStay(), v);
		LocalDate today = LocalDate.now(this.clock);
		if (form.stayUntil() == null) {
			v.add("/residence/stayUntil", "The last day of the period of stay is required, as YYYY-MM-DD.");
		}
		else if (form.stayUntil().isBefore(today) || form.stayUntil().isAfter(today.plus(LONGEST).plusDays(1))) {
			v.add("/residence/stayUntil", "The period of stay ends today or later, and within five years.");
		}
		return new Residence(form.status(), period == null ? null : form.periodOfStay(), form.stayUntil(),
				form.workPermission());
	}

	private static Period period(String text, Violations v) {
		if (text == null) {
			v.add("/residence/periodOfStay", "The period of stay is required, in ISO 8601 such as P3Y or P6M.");
			return null;
		}
		try {
			Period period = Period.parse(text);
			if (period.isNegative() || period.isZero() || period.toTotalMonths() * 31 + period.getDays() > 5 * 366) {
				v.add("/residence/periodOfStay", "The period of stay is more than a day and at most five years.");
				return null;
			}
			return period;
		}
		catch (DateTimeParseException ex) {
			v.add("/residence/periodOfStay", "The period of stay is in ISO 8601, such as P3Y, P1Y6M or P90D.");
			return null;
		}
	}

	/** A Japanese national has no status of residence; a foreign resident's nationality must be known. */
	void nationality(String current, String sent, Violations v) {
		String nationality = sent != null ? sent : current;
		if (nationality == null) {
			v.add("/nationality", "The nationality is required when it was not recorded before.");
		}
		else if (nationality.equals("JP")) {
			v.add("/nationality", "A Japanese national has no status of residence.");
		}
	}

	/** A correction of the facts named, each once. */
	Correction correction(List<String> facts, LocalDate openedOn, Violations v) {
		if (facts == null || facts.isEmpty()) {
			v.add("/facts", "Name the facts being corrected, some of " + String.join(", ", CORRECTABLE) + ".");
			return null;
		}
		Set<String> named = new LinkedHashSet<>();
		for (String fact : facts) {
			if (fact == null || !CORRECTABLE.contains(fact) || !named.add(fact)) {
				v.add("/facts", "Each fact is one of " + String.join(", ", CORRECTABLE) + ", named once.");
				return null;
			}
		}
		return new Correction(List.copyOf(named), openedOn);
	}

}
