package org.tsunagu.wallet.delegation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a person asks for when they give a mandate: the proxy (their individual number and date of birth, which
 * the platform matches and keeps nowhere), the services by client id, the claims the proxy may release, and the
 * last day. Only the form of each argument is checked here; whether the services accept proxies, the claims may
 * be released and the days are allowed is the platform's rule, and its answer says so in its own words.
 *
 * <p>The individual number is personal data: {@link #toString()} hides it and no message quotes it.
 *
 * @param validUntil the last day the mandate holds
 */
public record MandateRequest(String proxyNumber, LocalDate proxyBirthDate, List<String> services, List<String> claims,
		LocalDate validUntil) {

	/**
	 * The arguments as typed, checked for their form.
	 * @throws IllegalArgumentException naming the option that is wrong, never quoting the individual number
	 */
	public static MandateRequest of(String proxyNumber, String proxyBirthDate, String services, String claims,
			String until) {
		if (proxyNumber == null) {
			throw new IllegalArgumentException("--proxy-number is required: the proxy's 12-digit individual number");
		}
		if (!proxyNumber.matches("[0-9]{12}")) {
			throw new IllegalArgumentException("--proxy-number is the proxy's individual number: exactly 12 digits");
		}
		return new MandateRequest(proxyNumber, date(proxyBirthDate, "--proxy-birth-date"), list(services, "--services"),
				list(claims, "--claims"), date(until, "--until"));
	}

	/** The body of {@code POST /api/v1/me/mandates}. */
	public String body(JsonMapper json) {
		ObjectNode body = json.createObjectNode();
		body.putObject("proxy").put("individualNumber", this.proxyNumber).put("birthDate", this.proxyBirthDate.toString());
		this.services.forEach(body.putArray("services")::add);
		this.claims.forEach(body.putArray("claims")::add);
		body.put("validUntil", this.validUntil.toString());
		return json.writeValueAsString(body);
	}

	/**
	 * Whether a document states exactly the services, claims and last day asked for: the wallet signs nothing else,
	 * whatever the server drafted.
	 */
	public boolean statedBy(MandateDocument document) {
		return document.serviceIds().equals(this.services) && document.claims().equals(this.claims)
				&& document.validUntil().equals(this.validUntil.toString());
	}

	@Override
	public String toString() {
		return "MandateRequest[redacted]";
	}

	private static LocalDate date(String text, String option) {
		if (text == null) {
			throw new IllegalArgumentException(option + " is required: a date written YYYY-MM-DD");
		}
		try {
			return LocalDate.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(option + " is a date written YYYY-MM-DD");
		}
	}

	private static List<String> list(String text, String option) {
		List<String> items = text == null ? List.of()
				: Arrays.stream(text.split(",")).map(String::strip).filter((s) -> !s.isEmpty()).toList();
		if (items.isEmpty()) {
			throw new IllegalArgumentException(option + " is required: one or more, separated by a comma");
		}
		return items;
	}

}
