package org.tsunagu.platform;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;

/**
 * The resident a {@code /api/v1/me/**} call speaks for, as the API's security resolved it from the resident's own
 * access token (its grant, never its subject, which is pairwise): attached to the authentication as its details,
 * so that a module answers "me" without knowing how tokens work.
 *
 * @param firstParty whether the token is the resident's own wallet's or the resident pages', which act on
 * everything the resident holds; any other service's token reaches only what concerns that service
 * @param acr the level the resident signed in at ({@code urn:tsunagu:loa:high} with the card)
 */
public record ResidentCaller(UUID residentId, String clientId, boolean firstParty, String acr) {

	/** The resident's own wallet's client id. */
	public static final String WALLET = "tsunagu-wallet";

	/** Whether the call comes from the card's own wallet. */
	public boolean fromWallet() {
		return WALLET.equals(this.clientId);
	}

	/** The calling resident, or a 403 problem for a token that does not speak for one. */
	public static ResidentCaller of(Authentication authentication) {
		if (authentication != null && authentication.getDetails() instanceof ResidentCaller caller) {
			return caller;
		}
		throw ApiProblem.of(HttpStatus.FORBIDDEN, "not-a-resident", "Not a resident's token",
				"This call needs a resident's own access token.");
	}

	/** The calling resident, through one of the platform's own clients only; a 403 problem otherwise. */
	public static ResidentCaller firstParty(Authentication authentication) {
		ResidentCaller caller = of(authentication);
		if (!caller.firstParty()) {
			throw ApiProblem.of(HttpStatus.FORBIDDEN, "wallet-only", "For the resident's own clients only",
					"This is read and changed with the resident's own wallet or resident pages.");
		}
		return caller;
	}

	/** Whether the resident signed in with the card (level high). */
	public boolean withCard() {
		return this.acr != null && this.acr.endsWith(":high");
	}

	@Override
	public String toString() {
		return "ResidentCaller[client=" + this.clientId + "]";
	}

}
