package org.tsunagu.registry.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.tsunagu.registry.AssuranceLevel;
import org.tsunagu.registry.internal.ResidentRecord.Address;
import org.tsunagu.registry.internal.ResidentRecord.Evidence;
import org.tsunagu.registry.internal.ResidentRecord.PersonName;

/**
 * A resident as the operator API answers it. The individual number appears only in the answers to enrolment and
 * reissue (once, to be handed to the person) and to a search (where the caller sent it); {@link #toString()}
 * never shows it.
 *
 * @param numberStatus for a search: {@code current}, or {@code retired} when the number was reissued
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResidentView(UUID id, String individualNumber, String numberStatus, int version, String status,
		AssuranceLevel assurance, PersonName name, LocalDate birthDate, String sex, Address address,
		List<Evidence> evidence, LocalDate dateOfDeath, LocalDate emigratedOn, String emigratedTo, Instant updatedAt,
		String nationality, ResidentRecord.Residence residence, ResidentRecord.Correction correction) {

	static ResidentView of(JdbcResidentRepository.Version v) {
		ResidentRecord r = v.record();
		return new ResidentView(v.residentId(), null, null, v.version(), r.status(), r.assurance(), r.name(),
				r.birthDate(), r.sex(), r.address(), r.evidence(), r.dateOfDeath(), r.emigratedOn(), r.emigratedTo(),
				v.recordedAt(), r.nationality(), r.residence(), r.correction());
	}

	ResidentView withNumber(String number, String numberStatus) {
		return new ResidentView(this.id, number, numberStatus, this.version, this.status, this.assurance, this.name,
				this.birthDate, this.sex, this.address, this.evidence, this.dateOfDeath, this.emigratedOn,
				this.emigratedTo, this.updatedAt, this.nationality, this.residence, this.correction);
	}

	@Override
	public String toString() {
		return "ResidentView[id=" + this.id + ", version=" + this.version + "]";
	}

	/** One entry of a resident's history: what changed, when, by whom, and the record as it then stood. */
	public record HistoryEntry(int version, String change, LocalDate effectiveDate, Instant recordedAt,
			String recordedBy, ResidentRecord record) {

		static HistoryEntry of(JdbcResidentRepository.Version v) {
			return new HistoryEntry(v.version(), v.change(), v.effectiveDate(), v.recordedAt(), v.recordedBy(),
					v.record());
		}

		@Override
		public String toString() {
			return "HistoryEntry[version=" + this.version + ", change=" + this.change + "]";
		}

	}

}
