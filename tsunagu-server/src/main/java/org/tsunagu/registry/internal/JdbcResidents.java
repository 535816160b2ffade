package org.tsunagu.registry.internal;

import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;
import org.tsunagu.registry.internal.ResidentRecord.Address;

import org.springframework.stereotype.Component;

/** {@link Residents} over the registry's tables. */
@Component
final class JdbcResidents implements Residents {

	private final JdbcResidentRepository residents;

	JdbcResidents(JdbcResidentRepository residents) {
		this.residents = residents;
	}

	@Override
	public Optional<ResidentFacts> find(UUID residentId) {
		return this.residents.current(residentId).map((v) -> {
			ResidentRecord r = v.record();
			return new ResidentFacts(residentId, v.version(), r.status(), r.assurance(), r.name().family(),
					r.name().given(), r.name().latin(), r.birthDate(), r.sex(), r.address().country(), line(r.address()),
					r.name().familyReading(), r.name().givenReading(),
					new ResidentFacts.PostalAddress(r.address().country(), r.address().postalCode(), r.address().region(),
							r.address().locality(), r.address().streetAddress()));
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
