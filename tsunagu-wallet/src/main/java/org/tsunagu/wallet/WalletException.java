package org.tsunagu.wallet;

/** A failure the card's holder can act on; the message says what to do. */
public final class WalletException extends RuntimeException {

	public WalletException(String message) {
		super(message);
	}

	public WalletException(String message, Throwable cause) {
		super(message, cause);
	}

}
