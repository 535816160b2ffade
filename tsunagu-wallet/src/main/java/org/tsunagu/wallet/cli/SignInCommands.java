package org.tsunagu.wallet.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

import org.tsunagu.wallet.SignInApproval;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.WalletException;

/**
 * The sign-in command: {@code approve} answers the code a sign-in page shows with the card's authentication key. The
 * page's origin and the service it signs in to are printed before the authentication PIN is asked, so that the person
 * approves only a sign-in they started; the page then continues by itself.
 */
final class SignInCommands {

	private final CommandContext context;

	SignInCommands(CommandContext context) {
		this.context = context;
	}

	void approve(Path dir, String server, String code) {
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate; run request-certificates."));
		String target = this.context.server(card, server);
		SignInApproval approval = new SignInApproval(this.context.http());
		SignInApproval.Request request = approval.fetch(target, code);
		this.context.out().println("Sign in at " + request.origin()
				+ (request.serviceEn() == null ? "" : " for " + request.serviceEn() + " (" + request.serviceJa() + ")")
				+ " with code " + request.code() + ".");
		KeyPair key = card.unlock(Slot.AUTHENTICATION, this.context.pins().read("Authentication PIN"));
		approval.approve(request, key, card.provider(), certificate);
		this.context.out().println("Approved. The sign-in page continues by itself.");
	}

}
