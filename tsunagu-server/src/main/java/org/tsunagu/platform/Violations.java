package org.tsunagu.platform;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem with a request before anything is written, so that one answer names all bad fields.
 */
public final class Violations {

	private final List<Violation> list = new ArrayList<>();

	public void add(String pointer, String detail) {
		this.list.add(new Violation(pointer, detail));
	}

	public boolean isEmpty() {
		return this.list.isEmpty();
	}

	public List<Violation> list() {
		return List.copyOf(this.list);
	}

	/**
	 * A date written {@code YYYY-MM-DD}, or {@code null} with a violation at {@code pointer} when it is not one (or
	 * is missing and required); {@code null} without one when it is missing and optional.
	 */
	public java.time.LocalDate date(String value, String pointer, boolean required) {
		if (value == null) {
			if (required) {
				add(pointer, "A date (YYYY-MM-DD) is required.");
			}
			return null;
		}
		try {
			return java.time.LocalDate.parse(value);
		}
		catch (java.time.format.DateTimeParseException ex) {
			add(pointer, "A date is written YYYY-MM-DD.");
			return null;
		}
	}

	/** Throws a validation problem naming every collected violation, if there is any. */
	public void throwIfAny() {
		if (!this.list.isEmpty()) {
			throw ApiProblem.validation(this.list);
		}
	}

}
