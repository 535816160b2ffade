package org.tsunagu.registry.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.IndividualNumber;
import org.tsunagu.registry.InvalidIndividualNumberException;
import org.tsunagu.registry.ResidentChanged;
import org.tsunagu.registry.ResidentEnrolled;
import org.tsunagu.registry.internal.Forms.EnrolmentRequest;
import org.tsunagu.registry.internal.Forms.LifeEventRequest;
import org.tsunagu.registry.internal.JdbcResidentRepository.NewResident;
import org.tsunagu.registry.internal.JdbcResidentRepository.Version;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Enrolment, life events, lookups and number reissue. Each change is one transaction that stores a new version
 * and publishes its event through the persistent event publication registry, so the two never part.
 */
@Service
public final class ResidentRegistry {

	private final JdbcResidentRepository residents;

	private final RecordRules rules;

	private final ResidenceRules residence;

	private final NumberProtection numbers;

	private final MatchKeys matchKeys;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ResidentRegistry(JdbcResidentRepository residents, RecordRules rules, ResidenceRules residence,
			NumberProtection numbers, MatchKeys matchKeys, TransactionTemplate transactions,
			ApplicationEventPublisher events, Clock clock) {
		this.residents = residents;
		this.rules = rules;
		this.residence = residence;
		this.numbers = numbers;
		this.matchKeys = matchKeys;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	/** Enrols a resident and allocates a number; answers the new record with the number shown this once. */
	public ResidentView enrol(EnrolmentRequest request, String operator) {
		Violations v = new Violations();
		ResidentRecord record = this.rules.enrolment(request, v);
		v.throwIfAny();
		byte[] matchKey = this.matchKeys.of(record);
		return this.transactions.execute((tx) -> {
			if (request.externalReference() != null) {
				this.residents.findByExternalReference(request.externalReference())
					.ifPresent((existing) -> {
						throw conflict("external-reference-taken", "A resident with this external reference exists.",
								existing);
					});
			}
			if (!Boolean.TRUE.equals(request.confirmDifferentPerson())) {
				this.residents.findByMatchKey(matchKey).ifPresent((existing) -> {
					throw conflict("possible-duplicate",
							"A resident with the same name, birth date and address exists. If this is a different "
									+ "person, send again with confirmDifferentPerson: true.",
							existing);
				});
			}
			Instant now = this.clock.instant();
			UUID id = UUID.randomUUID();
			this.residents.insertResident(new NewResident(id, record, matchKey, null, null,
					request.externalReference(), now, operator));
			IndividualNumber number = allocateNumber(id, now);
			this.events.publishEvent(new ResidentEnrolled(id, 1, record.assurance().level()));
			Version stored = new Version(id, 1, "enrolled", null, now, operator, record);
			return ResidentView.of(stored).withNumber(number.reveal(), JdbcResidentRepository.CURRENT);
		});
	}

	private IndividualNumber allocateNumber(UUID residentId, Instant now) {
		for (int attempt = 0; attempt < 16; attempt++) {
			IndividualNumber number = IndividualNumber.random(this.random);
			if (this.residents.insertNumber(residentId, this.numbers.lookupHash(number), this.numbers.encrypt(number),
					now)) {
				return number;
			}
		}
		throw new IllegalStateException("No free individual number after 16 draws");
	}

	public ResidentView get(UUID id) {
		return ResidentView.of(this.residents.current(id).orElseThrow(() -> ApiProblem.notFound("The resident")));
	}

	public List<ResidentView.HistoryEntry> history(UUID id) {
		List<Version> versions = this.residents.history(id);
		if (versions.isEmpty()) {
			throw ApiProblem.notFound("The resident");
		}
		return versions.stream().map(ResidentView.HistoryEntry::of).toList();
	}

	/** Finds a resident by a current or retired number. */
	public ResidentView search(String individualNumber) {
		IndividualNumber number;
		try {
			number = IndividualNumber.parse(individualNumber);
		}
		catch (InvalidIndividualNumberException ex) {
			Violations v = new Violations();
			v.add("/individualNumber", ex.getMessage());
			throw ApiProblem.validation(v.list());
		}
		JdbcResidentRepository.NumberHit hit = this.residents.currentByNumberHash(this.numbers.lookupHash(number))
			.orElseThrow(() -> ApiProblem.notFound("A resident with this number"));
		return ResidentView.of(hit.version()).withNumber(number.reveal(), hit.numberStatus());
	}

	/** Records a life event as a new version. */
	public ResidentView record(UUID id, LifeEventRequest event, String operator) {
		return record(id, event, operator, null);
	}

	/**
	 * Records a life event as a new version, if the record is still at {@code expectedVersion} (when given, from
	 * an {@code If-Match} header): an operator never overwrites a change made since they read the record.
	 */
	public ResidentView record(UUID id, LifeEventRequest event, String operator, Integer expectedVersion) {
		Violations v = new Violations();
		LocalDate effective = this.rules.eventDate(event, v);
		ResidentRecord.PersonName name = "name-changed".equals(event.type()) ? this.rules.name(event.name(), "/name", v)
				: null;
		ResidentRecord.Address address = "address-changed".equals(event.type())
				? this.rules.address(event.address(), "/address", v) : null;
		ResidentRecord.Residence status = "residence-changed".equals(event.type())
				? this.residence.residence(event.residence(), v) : null;
		ResidentRecord.Correction correction = "correction-opened".equals(event.type())
				? this.residence.correction(event.facts(), effective != null ? effective : LocalDate.now(this.clock), v)
				: null;
		v.throwIfAny();
		return change(id, event.type(), effective, operator, expectedVersion, (current) -> switch (event.type()) {
			case "address-changed" -> current.withAddress(address);
			case "name-changed" -> current.withName(name);
			case "residence-changed" -> {
				Violations late = new Violations();
				this.residence.nationality(current.nationality(), event.nationality(), late);
				late.throwIfAny();
				yield current.withResidence(event.nationality() != null ? event.nationality() : current.nationality(),
						status);
			}
			case "correction-opened" -> {
				if (current.correction() != null) {
					throw ApiProblem.of(HttpStatus.CONFLICT, "correction-open", "A correction is open",
							"Close the open correction before opening another.");
				}
				yield current.withCorrection(correction);
			}
			case "correction-closed" -> {
				if (current.correction() == null) {
					throw ApiProblem.of(HttpStatus.CONFLICT, "no-correction-open", "No correction is open",
							"There is no open correction on this record to close.");
				}
				yield current.withCorrection(null);
			}
			case "died" -> current.died(effective);
			default -> current.emigrated(effective, event.destinationCountry());
		}).view();
	}

	/** Retires the current number for ever and allocates a new one, shown this once. */
	public ResidentView reissueNumber(UUID id, String operator) {
		return reissueNumber(id, operator, null);
	}

	/** Retires the current number and allocates a new one, if the record is still at {@code expectedVersion}. */
	public ResidentView reissueNumber(UUID id, String operator, Integer expectedVersion) {
		Changed changed = change(id, "number-reissued", null, operator, expectedVersion, (current) -> current);
		return changed.view().withNumber(changed.number().reveal(), JdbcResidentRepository.CURRENT);
	}

	private Changed change(UUID id, String change, LocalDate effective, String operator, Integer expectedVersion,
			java.util.function.UnaryOperator<ResidentRecord> edit) {
		return this.transactions.execute((tx) -> {
			Version current = this.residents.current(id).orElseThrow(() -> ApiProblem.notFound("The resident"));
			if (expectedVersion != null && expectedVersion != current.version()) {
				throw ApiProblem.of(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Record changed",
						"The record is at version " + current.version() + ", not the one in If-Match; read it again.");
			}
			if (!ResidentRecord.LIVING.equals(current.record().status())) {
				throw ApiProblem.of(HttpStatus.CONFLICT, "record-closed", "The record is closed",
						"The resident is recorded as " + current.record().status() + "; no further change is made.");
			}
			ResidentRecord next = edit.apply(current.record());
			if (!this.residents.advance(id, current.version(), next.status(), this.matchKeys.of(next))) {
				throw ApiProblem.of(HttpStatus.CONFLICT, "concurrent-change", "Changed meanwhile",
						"The record was changed at the same time; read it again and retry.");
			}
			Instant now = this.clock.instant();
			int version = current.version() + 1;
			this.residents.insertVersion(id, version, change, effective, now, operator, next);
			IndividualNumber number = null;
			if (change.equals("number-reissued")) {
				this.residents.retireCurrentNumber(id, now);
				number = allocateNumber(id, now);
			}
			this.events.publishEvent(new ResidentChanged(id, version, change, effective));
			return new Changed(ResidentView.of(new Version(id, version, change, effective, now, operator, next)), number);
		});
	}

	private static ApiProblem conflict(String name, String detail, UUID existing) {
		return ApiProblem.of(HttpStatus.CONFLICT, name, "Resident exists", detail,
				Map.of("existingResidentId", existing));
	}

	private record Changed(ResidentView view, IndividualNumber number) {
	}

}
