package org.tsunagu.pki.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.platform.DemoStart;
import org.tsunagu.platform.PublicUrl;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.registry.Residents;
import org.tsunagu.wallet.Csrs;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the embedded default's first start, gives the demo resident (external reference {@code demo-card-holder})
 * a ready software card in {@code <data dir>/demo-card}, with the PINs the README gives, so that the tour can
 * start at once. The card is made as the wallet makes one: keys generated and sealed on the card, requests signed
 * with them, certificates issued by the CA.
 */
@Component
final class DemoCard {

	static final String AUTHENTICATION_PIN = "1234";

	static final String SIGNING_PIN = "demo2026";

	private static final Logger log = LoggerFactory.getLogger(DemoCard.class);

	private final Residents residents;

	private final CardIssuer issuer;

	private final CaCeremony ceremony;

	private final PublicUrl publicUrl;

	private final Path dir;

	private final boolean enabled;

	DemoCard(Residents residents, CardIssuer issuer, CaCeremony ceremony, PublicUrl publicUrl,
			TsunaguProperties properties, @Value("${tsunagu.demo.enabled:auto}") String enabled,
			@Value("${spring.datasource.url:}") String databaseUrl) {
		this.residents = residents;
		this.issuer = issuer;
		this.ceremony = ceremony;
		this.publicUrl = publicUrl;
		this.dir = properties.dataDir().resolve("demo-card");
		this.enabled = org.tsunagu.platform.DemoStart.onEmbedded(enabled, databaseUrl);
	}

	@EventListener(ApplicationReadyEvent.class)
	void createOnFirstStart() {
		if (!this.enabled || Files.exists(this.dir.resolve("card.json"))) {
			return;
		}
		DemoStart.when("demo-card",
				() -> this.residents.findByExternalReference("demo-card-holder").filter((holder) -> this.ceremony.done()),
				this::create, () -> log.warn("No demo card: the demo resident or the CA is missing"));
	}

	private void create(UUID holder) {
		if (Files.exists(this.dir.resolve("auth.key"))) {
			return;
		}
		SoftwareCard card = SoftwareCard.create(this.dir, AUTHENTICATION_PIN.toCharArray(), SIGNING_PIN.toCharArray());
		KeyPair auth = card.unlock(Slot.AUTHENTICATION, AUTHENTICATION_PIN.toCharArray());
		KeyPair sign = card.unlock(Slot.SIGNING, SIGNING_PIN.toCharArray());
		CardView issued = this.issuer.issue(holder, Csrs.pem(auth), Csrs.pem(sign));
		for (CardView.CertificateView c : issued.certificates()) {
			card.store(c.kind().equals("signing") ? "sign.pem" : "auth.pem", c.pem());
		}
		card.store("chain.pem", String.join("", issued.chain()));
		card.store("card.json", "{\n  \"cardId\" : \"" + issued.cardId() + "\",\n  \"server\" : \"" + this.publicUrl.base()
				+ "\",\n  \"residentId\" : \"" + holder + "\"\n}\n");
		log.info("Demo card ready in {} (card {})", this.dir.toAbsolutePath().normalize(), issued.cardId());
	}

}
