package org.tsunagu.wallet.cli;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.tsunagu.wallet.CardToken;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * The credential offer command: {@code offer --credential ID[,ID]} asks the platform, with the card's own token, for
 * an offer any OpenID4VCI wallet can take. It prints the transaction code the wallet will ask for first, apart from
 * the offer's URI, because the code is not in the offer: the person types it into the wallet themselves.
 */
final class CredentialOfferCommands {

	private final CommandContext context;

	CredentialOfferCommands(CommandContext context) {
		this.context = context;
	}

	void offer(Path dir, String server, String credentials) {
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate; run request-certificates."));
		String origin = this.context.origin(card, server);
		KeyPair key = card.unlock(Slot.AUTHENTICATION, this.context.pins().read("Authentication PIN"));
		CardToken token = new CardToken(this.context.http());
		token.obtain(origin, key, card.provider(), certificate);
		List<String> ids = Arrays.stream(credentials.split(",")).map(String::strip).toList();
		HttpResponse<String> answer = token.postJson(origin + "/api/v1/me/credential-offers",
				this.context.json().writeValueAsString(Map.of("credentials", ids)));
		JsonNode body = this.context.json().readTree(answer.body());
		if (answer.statusCode() != 201) {
			throw new WalletException("The offer was refused: " + body.path("detail").asString("HTTP " + answer.statusCode()));
		}
		this.context.out().println("Transaction code (type it into the wallet; it is not in the offer): " + body.get("txCode").asString());
		this.context.out().println("Valid until " + body.get("expiresAt").asString() + ". The offer:");
		this.context.out().println(body.get("offerUri").asString());
	}

}
