package org.tsunagu.registry.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.tsunagu.registry.IdentityMatch;
import org.tsunagu.registry.IndividualNumber;
import org.tsunagu.registry.InvalidIndividualNumberException;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;
import org.tsunagu.registry.internal.ResidentRecord.Address;

import org.springframework.stereotype.Component;

/** {@link Residents} over the registry's tables. */
@Component
final class JdbcResidents implements Residents {

	private final JdbcResidentRepository residents;

	private final NumberProtection numbers;

	JdbcResidents(JdbcResidentRepository residents, NumberProtection numbers) {
		this.residents = residents;
		this.numbers = numbers;
	}

	@Override
	public IdentityMatch match(String individualNumber, String familyName, String givenName, String familyReading,
			String givenReading, java.time.LocalDate birthDate) {
		Lookup lookup = lookup(individualNumber);
		if (lookup.refusal() != null) {
			return lookup.refusal();
		}
		ResidentRecord record = lookup.hit().version().record();
		if (birthDate == null || !birthDate.equals(record.birthDate())) {
			return IdentityMatch.refused("/birthDate", "The birth date is not the registry's for this individual number.");
		}
		ResidentRecord.PersonName name = record.name();
		boolean written = same(familyName, name.family()) && same(givenName, name.given());
		boolean read = familyReading != null && name.familyReading() != null
				&& same(kana(familyReading), kana(name.familyReading()))
				&& same(kana(givenReading), kana(name.givenReading()));
		if (!written && !read) {
			return IdentityMatch.refused("/name",
					"The name is not the registry's for this individual number (neither as written nor as read).");
		}
		return IdentityMatch.linked(lookup.hit().version().residentId());
	}

	@Override
	public IdentityMatch byNumber(String individualNumber) {
		Lookup lookup = lookup(individualNumber);
		return lookup.refusal() != null ? lookup.refusal() : IdentityMatch.linked(lookup.hit().version().residentId());
	}

	/** A living resident's current number, or why not. */
	private record Lookup(JdbcResidentRepository.NumberHit hit, IdentityMatch refusal) {

		static Lookup refused(String reason) {
			return new Lookup(null, IdentityMatch.refused("/individualNumber", reason));
		}

	}

	private Lookup lookup(String individualNumber) {
		IndividualNumber number;
		try {
			number = IndividualNumber.parse(individualNumber);
		}
		catch (InvalidIndividualNumberException ex) {
			return Lookup.refused(ex.getMessage());
		}
		Optional<JdbcResidentRepository.NumberHit> hit = this.residents.currentByNumberHash(this.numbers.lookupHash(number));
		if (hit.isEmpty()) {
			return Lookup.refused("No resident holds this individual number.");
		}
		if (!JdbcResidentRepository.CURRENT.equals(hit.get().numberStatus())) {
			return Lookup.refused(
					"This individual number was replaced by a new one; ask the person for their current number.");
		}
		if (!ResidentRecord.LIVING.equals(hit.get().version().record().status())) {
			return Lookup.refused("The resident with this number is not living in the registry.");
		}
		return new Lookup(hit.get(), null);
	}

	/** Names compared as people and insurers write them: compatibility forms, spaces and variation selectors aside. */
	static boolean same(String a, String b) {
		if (a == null || b == null) {
			// a name part neither side has (no given name) matches; one side only does not
			return a == null && b == null;
		}
		return comparable(a).equals(comparable(b));
	}

	private static String comparable(String name) {
		String folded = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC);
		StringBuilder out = new StringBuilder();
		folded.codePoints()
			.filter((c) -> !Character.isWhitespace(c) && !(c >= 0xFE00 && c <= 0xFE0F) && !(c >= 0xE0100 && c <= 0xE01EF))
			.forEach(out::appendCodePoint);
		return out.toString();
	}

	/** A reading in katakana, whichever kana it was written in. */
	private static String kana(String reading) {
		if (reading == null) {
			return null;
		}
		StringBuilder out = new StringBuilder();
		reading.codePoints().map((c) -> c >= 0x3041 && c <= 0x3096 ? c + 0x60 : c).forEach(out::appendCodePoint);
		return out.toString();
	}

	@Override
	public Optional<ResidentFacts> find(UUID residentId) {
		return this.residents.current(residentId).map((v) -> {
			ResidentRecord r = v.record();
			return new ResidentFacts(residentId, v.version(), r.status(), r.assurance(), r.name().family(),
					r.name().given(), r.name().latin(), r.birthDate(), r.sex(), r.address().country(), line(r.address()),
					r.name().familyReading(), r.name().givenReading(),
					new ResidentFacts.PostalAddress(r.address().country(), r.address().postalCode(), r.address().region(),
							r.address().locality(), r.address().streetAddress()),
					r.nationality(), r.residence() == null ? null : new ResidentFacts.Residence(r.residence().status(),
							r.residence().periodOfStay(), r.residence().stayUntil(), r.residence().workPermission()),
					r.correction() == null ? List.of() : r.correction().facts());
		});
	}

	@Override
	public Optional<UUID> findByExternalReference(String reference) {
		return this.residents.findByExternalReference(reference);
	}

	static String line(Address a) {
		if (a.formatted() != null) {
			return a.formatted();
		}
		return Stream.of(a.postalCode(), a.region(), a.locality(), a.streetAddress())
			.filter((part) -> part != null && !part.isBlank())
			.collect(Collectors.joining(" "));
	}

}
