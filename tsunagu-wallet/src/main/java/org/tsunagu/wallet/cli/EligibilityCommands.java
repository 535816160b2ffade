package org.tsunagu.wallet.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import org.tsunagu.wallet.EligibilityPresentation;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.WalletException;

/**
 * The clinic's command: {@code present --challenge C} signs a clinic's eligibility challenge with the card's
 * authentication key, together with what the patient agrees to share with the clinic
 * ({@code --consent medicationHistory,checkupHistory}), and prints the presentation for the clinic. The consent is
 * checked before the card is opened or the PIN asked.
 */
final class EligibilityCommands {

	private final CommandContext context;

	EligibilityCommands(CommandContext context) {
		this.context = context;
	}

	void present(Path dir, String challenge, String consent) {
		List<String> consents = consent == null ? List.of()
				: Arrays.stream(consent.split(",")).map(String::strip).filter((c) -> !c.isEmpty()).toList();
		for (String c : consents) {
			if (!EligibilityPresentation.CONSENTS.contains(c)) {
				throw new WalletCli.UsageException("--consent is medicationHistory, checkupHistory or both, separated by a comma");
			}
		}
		SoftwareCard card = SoftwareCard.open(dir);
		X509Certificate certificate = card.certificate(Slot.AUTHENTICATION)
			.orElseThrow(() -> new WalletException("The card has no authentication certificate; run request-certificates."));
		if (!challenge.matches("[A-Za-z0-9_-]{16,128}")) {
			throw new WalletException("That is not a challenge from a clinic (letters, digits, - and _ only).");
		}
		KeyPair key = card.unlock(Slot.AUTHENTICATION, this.context.pins().read("Authentication PIN"));
		this.context.out().println(EligibilityPresentation.make(challenge, "pin", key, card.provider(), certificate, consents));
	}

}
