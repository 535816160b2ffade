package org.tsunagu.registry;

/** A string that is not an individual number; the message never contains the string. */
public final class InvalidIndividualNumberException extends IllegalArgumentException {

	InvalidIndividualNumberException(String message) {
		super(message);
	}

}
