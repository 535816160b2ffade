package org.tsunagu.merkle;

/** A signed note, checkpoint or cosignature that is malformed or does not verify. */
public final class InvalidNoteException extends RuntimeException {

	public InvalidNoteException(String message) {
		super(message);
	}

}
