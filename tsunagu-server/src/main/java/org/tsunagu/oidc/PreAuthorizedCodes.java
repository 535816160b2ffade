package org.tsunagu.oidc;

import java.util.List;
import java.util.UUID;

/**
 * The pre-authorized code grant of OpenID4VCI (section 3.5): a credential issuer hands a wallet a code (in a
 * credential offer) that this provider's token endpoint exchanges for a DPoP-bound access token. The issuer keeps
 * the codes; the provider asks it to redeem one and mints the token for whom it names.
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html#section-6.1">OpenID4VCI 1.0 section 6.1</a>
 */
public interface PreAuthorizedCodes {

	String GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

	/** The public client a wallet that names no client (or one this provider does not know) is taken as. */
	String ANONYMOUS_WALLET = "openid4vci-wallet";

	/**
	 * Redeems a code once, in the caller's transaction.
	 * @param txCode the transaction code the person typed, or {@code null}
	 * @throws Refused when the code is unknown, used, expired, or the transaction code is wrong
	 */
	Redeemed redeem(String code, String txCode);

	/**
	 * Whom the token is for.
	 * @param method how the person signed in to make the offer: {@code card} or {@code passkey}
	 * @param level the level of assurance of the sign-in that made the offer ({@code low}, {@code substantial},
	 * {@code high})
	 * @param signedInAt when that sign-in was
	 * @param scopes the scopes of the credential configurations offered
	 */
	record Redeemed(UUID residentId, String method, String level, java.time.Instant signedInAt, List<String> scopes) {
	}

	/** Why a code was refused; the message is safe to show to whoever holds the wallet. */
	final class Refused extends RuntimeException {

		public Refused(String message) {
			super(message, null, false, false);
		}

	}

}
