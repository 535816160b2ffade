package org.tsunagu.credentials.issuer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.credentials.issuer.CredentialConfigurations.Configuration;
import org.tsunagu.eligibility.InsuranceQualification;
import org.tsunagu.registry.ResidentFacts;

/**
 * A credential's claims drawn from a resident's current record, whom each configuration is for, and how long its
 * claims stay true. Every claim becomes a disclosure of its own; an object's members too.
 */
final class CredentialClaims {

	private static final int[] AGES = { 18, 20, 65 };

	private CredentialClaims() {
	}

	/**
	 * Whether a configuration is for this person today: the residence credential only for a foreign resident whose
	 * period of stay has not ended.
	 */
	static boolean appliesTo(Configuration configuration, CredentialSubjects.Subject subject) {
		if (configuration == CredentialConfigurations.RESIDENCE) {
			ResidentFacts.Residence residence = subject.facts().residence();
			return residence != null && (residence.stayUntil() == null || !residence.stayUntil().isBefore(subject.today()));
		}
		if (configuration == CredentialConfigurations.INSURANCE) {
			return subject.insurance() != null;
		}
		return true;
	}

	/**
	 * The claims of a configuration for a resident on a day, top level first; an object's members are claims of
	 * their own (a nested map). Absent facts are left out.
	 */
	static Map<String, Object> of(Configuration configuration, CredentialSubjects.Subject subject) {
		ResidentFacts facts = subject.facts();
		LocalDate today = subject.today();
		Map<String, Object> claims = new LinkedHashMap<>();
		if (configuration == CredentialConfigurations.PID) {
			names(claims, facts);
			put(claims, "family_name#ja-Kana-JP", facts.familyReading());
			put(claims, "given_name#ja-Kana-JP", facts.givenReading());
			claims.put("birthdate", facts.birthDate().toString());
			nationalities(claims, facts);
			Map<String, Object> address = new LinkedHashMap<>();
			put(address, "formatted", facts.address());
			ResidentFacts.PostalAddress postal = facts.postal();
			if (postal != null) {
				put(address, "postal_code", postal.postalCode());
				put(address, "region", postal.region());
				put(address, "locality", postal.locality());
				put(address, "street_address", postal.streetAddress());
				put(address, "country", postal.country());
			}
			if (!address.isEmpty()) {
				claims.put("address", address);
			}
		}
		else if (configuration == CredentialConfigurations.AGE) {
			int age = Period.between(facts.birthDate(), today).getYears();
			for (int over : AGES) {
				claims.put("age_over_" + over, age >= over);
			}
		}
		else if (configuration == CredentialConfigurations.RESIDENCE) {
			ResidentFacts.Residence residence = facts.residence();
			names(claims, facts);
			claims.put("birthdate", facts.birthDate().toString());
			nationalities(claims, facts);
			claims.put("residence_status", residence.status());
			put(claims, "period_of_stay", residence.periodOfStay());
			if (residence.stayUntil() != null) {
				claims.put("stay_until", residence.stayUntil().toString());
			}
			claims.put("work_permission", residence.workPermission());
		}
		else if (configuration == CredentialConfigurations.INSURANCE) {
			InsuranceQualification insurance = subject.insurance();
			names(claims, facts);
			claims.put("birthdate", facts.birthDate().toString());
			claims.put("insurer_number", insurance.insurerNumber());
			claims.put("insurer_name", insurance.insurerNameJa());
			claims.put("insurer_name#en", insurance.insurerNameEn());
			put(claims, "insurance_symbol", insurance.symbol());
			put(claims, "insurance_number", insurance.number());
			put(claims, "insurance_branch", insurance.branch());
			claims.put("copayment_ratio", insurance.copayRatio());
			claims.put("valid_from", insurance.validFrom().toString());
			if (insurance.validTo() != null) {
				claims.put("valid_until", insurance.validTo().toString());
			}
		}
		return claims;
	}

	/**
	 * When a credential issued now ends: {@code longest} from now, and no later than its claims stay true (the day
	 * before the next birthday that crosses an age the age credential speaks of; the end of the period of stay; the
	 * coverage's last day).
	 */
	static Instant expiry(Configuration configuration, CredentialSubjects.Subject subject, Instant now,
			java.time.Duration longest) {
		Instant expires = now.plus(longest);
		LocalDate last = null;
		if (configuration == CredentialConfigurations.AGE) {
			last = ageClaimsValidUntil(subject.facts().birthDate(), subject.today());
		}
		else if (configuration == CredentialConfigurations.RESIDENCE) {
			last = subject.facts().residence().stayUntil();
		}
		else if (configuration == CredentialConfigurations.INSURANCE) {
			last = subject.insurance().validTo();
		}
		if (last != null) {
			Instant end = last.plusDays(1).atStartOfDay(subject.zone()).toInstant();
			if (end.isBefore(expires)) {
				expires = end;
			}
		}
		return expires;
	}

	/**
	 * The last day the age claims hold: the day before the next birthday that crosses one of the ages, or
	 * {@code null} when the holder is past them all.
	 */
	static LocalDate ageClaimsValidUntil(LocalDate birthDate, LocalDate today) {
		for (int over : AGES) {
			LocalDate reached = birthDate.plusYears(over);
			if (reached.isAfter(today)) {
				return reached.minusDays(1);
			}
		}
		return null;
	}

	private static void names(Map<String, Object> claims, ResidentFacts facts) {
		put(claims, "family_name", facts.familyName());
		put(claims, "given_name", facts.givenName());
	}

	/** As the EU PID rulebook writes it: an array of ISO 3166-1 alpha-2 codes, left out when not recorded. */
	private static void nationalities(Map<String, Object> claims, ResidentFacts facts) {
		if (facts.nationality() != null) {
			claims.put("nationalities", List.of(facts.nationality()));
		}
	}

	private static void put(Map<String, Object> claims, String name, Object value) {
		if (value != null && !(value instanceof String s && s.isBlank())) {
			claims.put(name, value);
		}
	}

}
