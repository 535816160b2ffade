package org.tsunagu.pki.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.pki.CertificateRevoked;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.ResidentChanged;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A card after issue: suspended when lost (a {@code certificateHold}, reversible), revoked for good with an
 * RFC 5280 reason, and revoked by the registry's life events as JPKI does: the signing certificate when the name
 * or address changes, every certificate on death or emigration.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1">RFC 5280 section 5.3.1</a>
 */
@Service
public class CardLifecycle {

	/** Reasons an operator may give; certificateHold comes only from suspension. */
	static final Set<String> REASONS = Set.of("unspecified", "keyCompromise", "affiliationChanged", "superseded",
			"cessationOfOperation", "privilegeWithdrawn");

	private static final Logger log = LoggerFactory.getLogger(CardLifecycle.class);

	private final JdbcCards cards;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CardLifecycle(JdbcCards cards, TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
		this.cards = cards;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	public void suspend(UUID cardId) {
		this.transactions.executeWithoutResult((tx) -> {
			JdbcCards.Card card = activeCard(cardId);
			revokeCurrent(card, "certificateHold", (c) -> true);
			this.cards.status(cardId, "suspended", this.clock.instant());
		});
	}

	public void reactivate(UUID cardId) {
		this.transactions.executeWithoutResult((tx) -> {
			JdbcCards.Card card = this.cards.card(cardId).orElseThrow(() -> ApiProblem.notFound("The card"));
			if (!card.status().equals("suspended")) {
				throw ApiProblem.of(HttpStatus.CONFLICT, "card-not-suspended", "Card not suspended",
						"Only a suspended card can be reactivated; this one is " + card.status() + ".");
			}
			for (JdbcCards.StoredCertificate c : this.cards.current(cardId)) {
				if (this.cards.release(c.serial())) {
					this.events.publishEvent(new CertificateRevoked(cardId, card.residentId(), c.kind(), c.serial(),
							"removeFromCRL"));
				}
			}
			this.cards.status(cardId, "active", this.clock.instant());
		});
	}

	public void revoke(UUID cardId, String reason) {
		if (reason == null || !REASONS.contains(reason)) {
			Violations v = new Violations();
			v.add("/reason", "The reason is one of " + String.join(", ", REASONS.stream().sorted().toList())
					+ " (RFC 5280); a lost card is suspended instead.");
			v.throwIfAny();
		}
		this.transactions.executeWithoutResult((tx) -> {
			JdbcCards.Card card = this.cards.card(cardId).orElseThrow(() -> ApiProblem.notFound("The card"));
			if (card.status().equals("revoked")) {
				throw ApiProblem.of(HttpStatus.CONFLICT, "card-revoked", "Card revoked", "The card is revoked already.");
			}
			revokeCurrent(card, reason, (c) -> true);
			this.cards.status(cardId, "revoked", this.clock.instant());
		});
	}

	/** What the registry's life events mean for the resident's cards. */
	@ApplicationModuleListener
	void on(ResidentChanged change) {
		switch (change.change()) {
			case "name-changed", "address-changed" -> this.cards.cardsOf(change.residentId())
				.forEach((card) -> revokeCurrent(card, "affiliationChanged", (c) -> c.kind().equals("signing")));
			case "died", "emigrated" -> this.cards.cardsOf(change.residentId()).forEach((card) -> {
				revokeCurrent(card, "cessationOfOperation", (c) -> true);
				this.cards.status(card.id(), "revoked", this.clock.instant());
			});
			default -> {
				return;
			}
		}
		log.info("Card certificates revoked after a life event ({})", change.change());
	}

	JdbcCards.Card activeCard(UUID cardId) {
		JdbcCards.Card card = this.cards.card(cardId).orElseThrow(() -> ApiProblem.notFound("The card"));
		if (!card.status().equals("active")) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "card-not-active", "Card not active",
					"The card is " + card.status() + "; this needs an active card.");
		}
		return card;
	}

	void revokeCurrent(JdbcCards.Card card, String reason, Predicate<JdbcCards.StoredCertificate> which) {
		Instant now = this.clock.instant();
		for (JdbcCards.StoredCertificate c : this.cards.current(card.id())) {
			if (!which.test(c)) {
				continue;
			}
			// a final revocation replaces a hold, so that reactivating the card cannot bring the certificate back
			if (!reason.equals("certificateHold") && "certificateHold".equals(c.reason())) {
				this.cards.release(c.serial());
			}
			if (this.cards.revoke(c.serial(), reason, now)) {
				this.events.publishEvent(new CertificateRevoked(card.id(), card.residentId(), c.kind(), c.serial(), reason));
			}
		}
	}

}
