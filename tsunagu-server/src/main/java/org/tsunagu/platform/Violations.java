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

	/** Throws a validation problem naming every collected violation, if there is any. */
	public void throwIfAny() {
		if (!this.list.isEmpty()) {
			throw ApiProblem.validation(this.list);
		}
	}

}
