package org.tsunagu.registry.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.tsunagu.platform.Violations;
import org.tsunagu.registry.internal.Forms.AddressForm;
import org.tsunagu.registry.internal.Forms.EnrolmentRequest;
import org.tsunagu.registry.internal.Forms.EvidenceForm;
import org.tsunagu.registry.internal.Forms.LifeEventRequest;
import org.tsunagu.registry.internal.Forms.NameForm;
import org.tsunagu.registry.internal.ResidentRecord.Address;
import org.tsunagu.registry.internal.ResidentRecord.Evidence;
import org.tsunagu.registry.internal.ResidentRecord.PersonName;

import org.springframework.stereotype.Component;

/**
 * Checks request bodies field by field and builds domain records from checked input only. Every violation is
 * reported with its JSON pointer; messages never repeat the submitted value.
 */
@Component
final class RecordRules {

	static final int MAX_NAME = 200;

	private static final Pattern KANA = Pattern.compile("[\\p{IsKatakana}\\u30FC\\u30FB\\u3000 ]+");

	private static final Pattern LATIN = Pattern.compile("[\\p{IsLatin} .,'\\-]+");

	private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

	private static final Pattern JP_POSTAL = Pattern.compile("\\d{3}-\\d{4}");

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:@/\\-]{1,100}");

	private static final Set<String> SEXES = Set.of("female", "male", "other");

	/** The life events an operator records, in the order the error message names them. */
	static final List<String> TYPES = List.of("address-changed", "name-changed", "residence-changed",
			"correction-opened", "correction-closed", "died", "emigrated");

	private static final LocalDate EARLIEST = LocalDate.of(1880, 1, 1);

	private final Clock clock;

	RecordRules(Clock clock) {
		this.clock = clock;
	}

	/** The record for an enrolment; violations go into {@code v} and the answer is then {@code null}. */
	ResidentRecord enrolment(EnrolmentRequest request, Violations v) {
		PersonName name = name(request.name(), "/name", v);
		LocalDate birthDate = pastDate(request.birthDate(), "/birthDate", true, v);
		String sex = null;
		if (request.sex() != null && !SEXES.contains(request.sex())) {
			v.add("/sex", "Sex is one of female, male or other, or left out.");
		}
		else {
			sex = request.sex();
		}
		Address address = address(request.address(), "/address", v);
		List<Evidence> evidence = evidence(request.evidence(), v);
		if (request.externalReference() != null && !TOKEN.matcher(request.externalReference()).matches()) {
			v.add("/externalReference", "An external reference is 1 to 100 letters, digits or . _ : @ / -.");
		}
		String nationality = request.nationality();
		if (nationality != null && !COUNTRY.matcher(nationality).matches()) {
			v.add("/nationality", "The nationality is an ISO 3166-1 alpha-2 code in capitals, such as VN, or left out.");
		}
		if (!v.isEmpty()) {
			return null;
		}
		return ResidentRecord.enrolled(name, birthDate, sex, address, evidence, AssurancePolicy.derive(evidence),
				nationality);
	}

	PersonName name(NameForm form, String at, Violations v) {
		if (form == null) {
			v.add(at, "A name is required.");
			return null;
		}
		String family = text(form.family(), at + "/family", true, v);
		String given = text(form.given(), at + "/given", false, v);
		String familyReading = reading(form.familyReading(), at + "/familyReading", v);
		String givenReading = reading(form.givenReading(), at + "/givenReading", v);
		String latin = text(form.latin(), at + "/latin", false, v);
		if (latin != null && !LATIN.matcher(latin).matches()) {
			v.add(at + "/latin", "The Latin form has only Latin letters, spaces and . , ' -.");
		}
		return new PersonName(family, given, familyReading, givenReading, latin);
	}

	Address address(AddressForm form, String at, Violations v) {
		if (form == null) {
			v.add(at, "An address is required.");
			return null;
		}
		String country = form.country();
		if (country == null || !COUNTRY.matcher(country).matches()) {
			v.add(at + "/country", "The country is an ISO 3166-1 alpha-2 code in capitals, such as JP.");
		}
		String postalCode = text(form.postalCode(), at + "/postalCode", false, v);
		if ("JP".equals(country) && postalCode != null && !JP_POSTAL.matcher(postalCode).matches()) {
			v.add(at + "/postalCode", "A Japanese postal code is written 123-4567.");
		}
		String region = text(form.region(), at + "/region", false, v);
		String locality = text(form.locality(), at + "/locality", false, v);
		String street = text(form.streetAddress(), at + "/streetAddress", false, v);
		String formatted = text(form.formatted(), at + "/formatted", false, v);
		if (street == null && formatted == null && form.streetAddress() == null && form.formatted() == null) {
			v.add(at + "/streetAddress", "A street address or a formatted address line is required.");
		}
		return new Address(country, postalCode, region, locality, street, formatted);
	}

	private List<Evidence> evidence(List<EvidenceForm> forms, Violations v) {
		if (forms == null || forms.isEmpty()) {
			v.add("/evidence", "At least one piece of identity evidence is required.");
			return List.of();
		}
		if (forms.size() > 10) {
			v.add("/evidence", "At most 10 pieces of evidence are recorded.");
			return List.of();
		}
		List<Evidence> out = new ArrayList<>();
		for (int i = 0; i < forms.size(); i++) {
			EvidenceForm form = forms.get(i);
			String at = "/evidence/" + i;
			if (form == null) {
				v.add(at, "Evidence is an object with type, method and verifiedBy.");
				continue;
			}
			boolean ok = true;
			if (form.type() == null || !(AssurancePolicy.PHOTO_DOCUMENTS.contains(form.type())
					|| AssurancePolicy.OTHER_DOCUMENTS.contains(form.type()) || form.type().equals("none"))) {
				v.add(at + "/type", "The document type is one of " + String.join(", ", documentTypes()) + ".");
				ok = false;
			}
			if (form.method() == null || !AssurancePolicy.METHODS.contains(form.method())) {
				v.add(at + "/method", "The method is one of " + String.join(", ", sorted(AssurancePolicy.METHODS)) + ".");
				ok = false;
			}
			if (form.verifiedBy() == null || !TOKEN.matcher(form.verifiedBy()).matches()) {
				v.add(at + "/verifiedBy", "Who verified it: 1 to 100 letters, digits or . _ : @ / -.");
				ok = false;
			}
			if (ok) {
				out.add(new Evidence(form.type(), form.method(), form.verifiedBy()));
			}
		}
		return out;
	}

	/** Checks a life event's fields for its type; the date it took effect, or {@code null} when unknown. */
	LocalDate eventDate(LifeEventRequest event, Violations v) {
		String type = event.type();
		if (type == null || !TYPES.contains(type)) {
			v.add("/type", "The type is one of " + String.join(", ", TYPES) + ".");
			return null;
		}
		boolean needsDate = type.equals("died") || type.equals("emigrated");
		forbid(!type.equals("address-changed") && event.address() != null, "/address", type, v);
		forbid(!type.equals("name-changed") && event.name() != null, "/name", type, v);
		forbid(!type.equals("residence-changed") && event.residence() != null, "/residence", type, v);
		forbid(!type.equals("residence-changed") && event.nationality() != null, "/nationality", type, v);
		forbid(!type.equals("correction-opened") && event.facts() != null, "/facts", type, v);
		forbid(!needsDate && event.date() != null, "/date", type, v);
		forbid(needsDate && event.effectiveDate() != null, "/effectiveDate", type, v);
		forbid(!type.equals("emigrated") && event.destinationCountry() != null, "/destinationCountry", type, v);
		if (type.equals("emigrated") && event.destinationCountry() != null
				&& !COUNTRY.matcher(event.destinationCountry()).matches()) {
			v.add("/destinationCountry", "The destination is an ISO 3166-1 alpha-2 code in capitals, such as GB.");
		}
		if (event.nationality() != null && !COUNTRY.matcher(event.nationality()).matches()) {
			v.add("/nationality", "The nationality is an ISO 3166-1 alpha-2 code in capitals, such as VN.");
		}
		return needsDate ? pastDate(event.date(), "/date", true, v) : pastOrNear(event.effectiveDate(), v);
	}

	private LocalDate pastOrNear(LocalDate date, Violations v) {
		if (date != null && (date.isBefore(EARLIEST) || date.isAfter(today().plusYears(1)))) {
			v.add("/effectiveDate", "The effective date is no earlier than 1880 and no more than a year ahead.");
		}
		return date;
	}

	private static void forbid(boolean present, String pointer, String type, Violations v) {
		if (present) {
			v.add(pointer, "This field is not part of a " + type + " event.");
		}
	}

	private LocalDate pastDate(LocalDate date, String pointer, boolean required, Violations v) {
		if (date == null) {
			if (required) {
				v.add(pointer, "A date is required, as YYYY-MM-DD.");
			}
			return null;
		}
		if (date.isAfter(today()) || date.isBefore(EARLIEST)) {
			v.add(pointer, "The date must be between 1880-01-01 and today.");
		}
		return date;
	}

	private LocalDate today() {
		return LocalDate.now(this.clock);
	}

	private static String reading(String value, String pointer, Violations v) {
		String text = text(value, pointer, false, v);
		if (text != null && !KANA.matcher(text).matches()) {
			v.add(pointer, "A reading is written in katakana.");
		}
		return text;
	}

	/** The NFC form of a text field, or {@code null} when it is absent or breaks the rule. */
	static String text(String value, String pointer, boolean required, Violations v) {
		if (value == null || value.isBlank()) {
			if (required) {
				v.add(pointer, "This field is required.");
			}
			return null;
		}
		String problem = UnicodeText.problem(value, MAX_NAME);
		if (problem != null) {
			v.add(pointer, "The text " + problem);
			return null;
		}
		return UnicodeText.nfc(value).strip();
	}

	private static List<String> documentTypes() {
		List<String> all = new ArrayList<>(AssurancePolicy.PHOTO_DOCUMENTS);
		all.addAll(AssurancePolicy.OTHER_DOCUMENTS);
		all.add("none");
		return sorted(all);
	}

	private static List<String> sorted(java.util.Collection<String> values) {
		return values.stream().sorted(String.CASE_INSENSITIVE_ORDER.thenComparing(s -> s.toLowerCase(Locale.ROOT))).toList();
	}

}
