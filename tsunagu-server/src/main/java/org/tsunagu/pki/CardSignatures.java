package org.tsunagu.pki;

import java.util.Optional;
import java.util.UUID;

/**
 * Detached CMS signatures made with a card's signing key, for modules that keep what a person signed (a mandate):
 * who signed, once the signature, the certificate's chain to this platform's CA, its signing key usage and its
 * status are all checked.
 */
public interface CardSignatures {

	/** The resident whose signing certificate made this valid signature over {@code content}; empty otherwise. */
	Optional<UUID> signer(String signatureBase64, String contentBase64);

	/** Whether the resident holds a card that is not suspended or revoked. */
	boolean hasActiveCard(UUID residentId);

	/** Whether any card of the resident is suspended. */
	boolean hasSuspendedCard(UUID residentId);

}
