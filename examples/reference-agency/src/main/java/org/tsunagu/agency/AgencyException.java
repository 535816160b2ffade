package org.tsunagu.agency;

/** Something an agency's operator must fix, said in one sentence. */
public final class AgencyException extends RuntimeException {

	public AgencyException(String message) {
		super(message);
	}

}
