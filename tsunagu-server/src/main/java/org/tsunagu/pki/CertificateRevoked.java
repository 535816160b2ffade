package org.tsunagu.pki;

import java.util.UUID;

/**
 * A card certificate was revoked or suspended ({@code certificateHold}), or a suspension was lifted
 * ({@code removeFromCRL}).
 *
 * @param reason the RFC 5280 reason name, such as {@code keyCompromise}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1">RFC 5280 section 5.3.1</a>
 */
public record CertificateRevoked(UUID cardId, UUID residentId, String kind, String serial, String reason) {

	/**
	 * Whether this is the card itself suspended, reactivated or revoked: its authentication certificate, for any
	 * reason but its renewal. A signing certificate revoked on a name or address change, or a certificate superseded
	 * by the card's renewal, is not.
	 */
	public boolean concernsTheCard() {
		return "authentication".equals(this.kind) && !"superseded".equals(this.reason);
	}

}
