package org.tsunagu.merkle;

/** A proof that does not prove what it claims. */
public final class InvalidProofException extends RuntimeException {

	public InvalidProofException(String message) {
		super(message);
	}

}
