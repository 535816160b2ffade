package org.tsunagu.delegation.internal;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.tsunagu.oidc.ProxyServices;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.ResidentFacts;

/**
 * The rules a delegation is held to before anything is stored: not to oneself; kinds and their ages (a child's
 * legal representative only before the 18th birthday, an adult's guardian or attorney only for an adult); services
 * that exist and accept proxies; claims a person may release; an end date not past, and for a mandate at most a
 * year away. Messages never repeat the submitted value.
 */
final class DelegationRules {

	static final List<String> OPERATOR_KINDS = List.of("legal-representative", "guardian", "power-of-attorney");

	static final int ADULT = 18;

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:@/\\- ]{1,120}");

	private DelegationRules() {
	}

	/** The services, checked: {@code *} alone (operators only), or services that exist and accept proxies. */
	static List<String> services(List<String> services, boolean anyAllowed, ProxyServices directory, Violations v) {
		if (services == null || services.isEmpty()) {
			v.add("/services", "Name the services, by client id" + (anyAllowed ? ", or [\"*\"] for every service that accepts proxies." : "."));
			return List.of();
		}
		if (services.size() == 1 && "*".equals(services.get(0))) {
			if (!anyAllowed) {
				v.add("/services/0", "A mandate names each service it is for.");
			}
			return List.of("*");
		}
		Set<String> checked = new LinkedHashSet<>();
		for (int i = 0; i < services.size(); i++) {
			String clientId = services.get(i);
			var terms = clientId == null ? java.util.Optional.<ProxyServices.Terms>empty() : directory.terms(clientId);
			if (terms.isEmpty()) {
				v.add("/services/" + i, "No registered service has this client id.");
			}
			else if (!terms.get().acceptsProxies()) {
				v.add("/services/" + i, "This service does not accept proxies.");
			}
			else if (!checked.add(clientId)) {
				v.add("/services/" + i, "Each service is named once.");
			}
		}
		return List.copyOf(checked);
	}

	/** The claims, checked against what a person may release at all. */
	static List<String> claims(List<String> claims, Set<String> personScopes, Violations v) {
		if (claims == null || claims.isEmpty()) {
			v.add("/claims", "Name the claims the proxy may release, some of " + String.join(", ", personScopes.stream().sorted().toList()) + ".");
			return List.of();
		}
		List<String> checked = new ArrayList<>();
		for (int i = 0; i < claims.size(); i++) {
			if (!personScopes.contains(claims.get(i)) || checked.contains(claims.get(i))) {
				v.add("/claims/" + i, "Each claim is one of " + String.join(", ", personScopes.stream().sorted().toList())
						+ ", named once: a delegation gives no more than the person could release.");
			}
			else {
				checked.add(claims.get(i));
			}
		}
		return checked;
	}

	/** A last day: a date, not before today, and (when {@code longest} is given) not further than it. */
	static LocalDate until(String text, LocalDate today, Period longest, Violations v) {
		LocalDate until = v.date(text, "/validUntil", true);
		if (until == null) {
			return null;
		}
		if (until.isBefore(today)) {
			v.add("/validUntil", "The end date is today or later.");
		}
		else if (longest != null && until.isAfter(today.plus(longest))) {
			v.add("/validUntil", "A mandate lasts at most a year.");
		}
		return until;
	}

	/** Who is represented and by whom, checked for the kind: living people, two of them, of the right ages. */
	static void people(String kind, ResidentFacts represented, ResidentFacts proxy, LocalDate today, Violations v) {
		if (represented == null || !represented.living()) {
			v.add("/representedId", "No living resident has this id.");
		}
		if (proxy == null || !proxy.living()) {
			v.add("/proxy", "No living resident is the proxy named.");
		}
		if (represented == null || proxy == null) {
			return;
		}
		if (represented.id().equals(proxy.id())) {
			v.add("/proxy", "A person cannot act for themselves through a delegation.");
		}
		if (age(proxy, today) < ADULT) {
			v.add("/proxy", "A proxy is an adult.");
		}
		int age = age(represented, today);
		if ("legal-representative".equals(kind) && age >= ADULT) {
			v.add("/representedId", "A legal representative acts for a child; this person is 18 or over.");
		}
		if (("guardian".equals(kind) || "power-of-attorney".equals(kind)) && age < ADULT) {
			v.add("/representedId", "A guardian or an attorney acts for an adult; a child has legal representatives.");
		}
	}

	static int age(ResidentFacts person, LocalDate today) {
		return Period.between(person.birthDate(), today).getYears();
	}

	/** The day before the 18th birthday: a child's legal representation ends by itself. */
	static LocalDate childhoodEnds(ResidentFacts child) {
		return child.birthDate().plusYears(ADULT).minusDays(1);
	}

	static void evidence(DelegationForms.Evidence evidence, Violations v) {
		if (evidence == null) {
			v.add("/evidence", "The evidence is required: the document's type, its reference and who checked it.");
			return;
		}
		if (evidence.type() == null || !List.of("family-register", "court-order", "registered-deed").contains(evidence.type())) {
			v.add("/evidence/type", "The evidence is a family-register, court-order or registered-deed.");
		}
		if (evidence.reference() == null || !TOKEN.matcher(evidence.reference()).matches()) {
			v.add("/evidence/reference", "The reference is 1 to 120 letters, digits, spaces or . _ : @ / -.");
		}
		if (evidence.verifiedBy() == null || !TOKEN.matcher(evidence.verifiedBy()).matches()) {
			v.add("/evidence/verifiedBy", "Who checked it: 1 to 120 letters, digits, spaces or . _ : @ / -.");
		}
	}

	static UUID required(UUID id, String pointer, Violations v) {
		if (id == null) {
			v.add(pointer, "A resident's id is required.");
		}
		return id;
	}

}
