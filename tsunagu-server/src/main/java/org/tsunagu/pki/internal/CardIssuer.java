package org.tsunagu.pki.internal;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.pki.CertificateIssued;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.AssuranceLevel;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues a card's certificates: checks both requests (proof of possession, key strength, keys never seen before),
 * checks the resident (living, enrolled at the CA's minimum level of assurance), and signs an authentication
 * certificate and, from age 15, a signing certificate, both valid until the holder's fifth birthday after issue.
 */
@Service
public final class CardIssuer {

	static final List<String> ORDER = List.of("IAL1", "IAL2", "IAL3");

	private final Residents residents;

	private final JdbcCards cards;

	private final CaDirectory directory;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String minimumAssurance;

	private final CertificateProfiles profiles = new CertificateProfiles();

	CardIssuer(Residents residents, JdbcCards cards, CaDirectory directory, TransactionTemplate transactions,
			ApplicationEventPublisher events, Clock clock, PkiProperties pki) {
		this.residents = residents;
		this.cards = cards;
		this.directory = directory;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
		this.minimumAssurance = pki.minimumAssurance();
	}

	/** Issues a new card to a resident. */
	public CardView issue(UUID residentId, String authenticationCsr, String signingCsr) {
		ResidentFacts holder = eligibleHolder(residentId);
		Keys keys = checkedKeys(authenticationCsr, signingCsr, holder);
		UUID cardId = UUID.randomUUID();
		return this.transactions.execute((tx) -> {
			this.cards.createCard(cardId, residentId, this.clock.instant());
			certify(cardId, holder, keys);
			return view(cardId);
		});
	}

	/** New certificates for new keys on the same card, from three months before the current ones expire. */
	public CardView renew(UUID cardId, String authenticationCsr, String signingCsr, CardLifecycle lifecycle) {
		JdbcCards.Card card = lifecycle.activeCard(cardId);
		Instant expiry = this.cards.current(cardId).stream().map(JdbcCards.StoredCertificate::notAfter).min(Instant::compareTo)
			.orElseThrow();
		if (this.clock.instant().isBefore(expiry.atOffset(ZoneOffset.UTC).minusMonths(3).toInstant())) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "too-early-to-renew", "Too early to renew",
					"A card is renewed from three months before its certificates expire.",
					Map.of("renewableFrom", expiry.atOffset(ZoneOffset.UTC).minusMonths(3).toInstant().toString()));
		}
		ResidentFacts holder = eligibleHolder(card.residentId());
		Keys keys = checkedKeys(authenticationCsr, signingCsr, holder);
		return this.transactions.execute((tx) -> {
			lifecycle.activeCard(cardId);
			lifecycle.revokeCurrent(card, "superseded", (c) -> true);
			certify(cardId, holder, keys);
			return view(cardId);
		});
	}

	/** Whether the card is the resident's. */
	public boolean holds(UUID residentId, UUID cardId) {
		return this.cards.card(cardId).map((card) -> card.residentId().equals(residentId)).orElse(false);
	}

	/** Every card the resident holds or held, newest state first. */
	public List<CardView> cardsOf(UUID residentId) {
		return this.cards.cardsOf(residentId).stream().map((card) -> view(card.id())).toList();
	}

	public CardView view(UUID cardId) {
		JdbcCards.Card card = this.cards.card(cardId).orElseThrow(() -> ApiProblem.notFound("The card"));
		IssuingCa ca = this.directory.issuing();
		List<CardView.CertificateView> certificates = this.cards.current(cardId)
			.stream()
			.map((c) -> new CardView.CertificateView(c.kind(), c.serial(),
					c.revokedAt() == null ? "good" : "certificateHold".equals(c.reason()) ? "suspended" : "revoked",
					c.reason(), c.notAfter(), CardView.pem(c.der())))
			.toList();
		return new CardView(card.id(), card.residentId(), card.status(), certificates,
				List.of(CardView.pem(ca.certificate()), CardView.pem(ca.root())));
	}

	private ResidentFacts eligibleHolder(UUID residentId) {
		ResidentFacts holder = this.residents.find(residentId).orElseThrow(() -> ApiProblem.notFound("The resident"));
		if (!holder.living()) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "resident-not-living", "No card for this resident",
					"The resident is recorded as " + holder.status() + "; no card is issued.");
		}
		if (ORDER.indexOf(holder.assurance().level()) < ORDER.indexOf(this.minimumAssurance)) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "assurance-too-low", "Level of assurance too low",
					"A card needs the resident enrolled at " + this.minimumAssurance + " ("
							+ AssuranceLevel.ofLevel(this.minimumAssurance).eidas() + "); this one is at "
							+ holder.assurance().level() + ". Verify identity evidence in person first.");
		}
		return holder;
	}

	private Keys checkedKeys(String authenticationCsr, String signingCsr, ResidentFacts holder) {
		boolean signing = age(holder) >= 15;
		Violations v = new Violations();
		CsrCheck.CheckedKey auth = CsrCheck.check(authenticationCsr, "/authenticationCsr", v);
		CsrCheck.CheckedKey sign = null;
		if (signing) {
			sign = CsrCheck.check(signingCsr, "/signingCsr", v);
		}
		else if (signingCsr != null) {
			v.add("/signingCsr", "No signing certificate is issued under age 15; send only the authentication request.");
		}
		if (auth != null && sign != null && Arrays.equals(auth.hash(), sign.hash())) {
			v.add("/signingCsr", "The signing key must differ from the authentication key.");
		}
		v.throwIfAny();
		for (CsrCheck.CheckedKey key : sign == null ? List.of(auth) : List.of(auth, sign)) {
			if (this.cards.publicKeyKnown(key.hash())) {
				throw ApiProblem.of(HttpStatus.CONFLICT, "public-key-reused", "Key used before",
						"A certificate was already issued for this public key; generate new keys.");
			}
		}
		return new Keys(auth, sign);
	}

	private void certify(UUID cardId, ResidentFacts holder, Keys keys) {
		IssuingCa ca = this.directory.issuing();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant caExpiry = ca.certificate().getNotAfter().toInstant();
		Instant birthday = fifthBirthdayAfter(holder.birthDate(), LocalDate.ofInstant(now, ZoneOffset.UTC));
		// never beyond the issuing CA's own validity
		Instant notAfter = birthday.isAfter(caExpiry) ? caExpiry : birthday;
		List<CertificateIssued> issued = new ArrayList<>();
		BigInteger authSerial = CertificateProfiles.serial();
		X509Certificate auth = this.profiles.authentication(authSerial, cardId, keys.authentication().key(), ca, now,
				notAfter);
		this.cards.saveCertificate(cardId, "authentication", ca.name(), auth, keys.authentication().hash(), now);
		issued.add(new CertificateIssued(cardId, holder.id(), "authentication", JdbcCards.hex(authSerial)));
		if (keys.signing() != null) {
			BigInteger signSerial = CertificateProfiles.serial();
			X509Certificate sign = this.profiles.signing(signSerial, holder, keys.signing().key(), ca, now, notAfter);
			this.cards.saveCertificate(cardId, "signing", ca.name(), sign, keys.signing().hash(), now);
			issued.add(new CertificateIssued(cardId, holder.id(), "signing", JdbcCards.hex(signSerial)));
		}
		issued.forEach(this.events::publishEvent);
	}

	/** The end of the day of the holder's fifth birthday after {@code issued}. */
	static Instant fifthBirthdayAfter(LocalDate birth, LocalDate issued) {
		LocalDate next = birth.withYear(issued.getYear());
		if (!next.isAfter(issued)) {
			next = birth.withYear(issued.getYear() + 1);
		}
		LocalDate fifth = birth.plusYears(next.getYear() - birth.getYear() + 4L);
		return fifth.atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
	}

	private int age(ResidentFacts holder) {
		return Period.between(holder.birthDate(), LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC)).getYears();
	}

	private record Keys(CsrCheck.CheckedKey authentication, CsrCheck.CheckedKey signing) {
	}

}
