package org.tsunagu.delegation.internal;

import java.util.List;
import java.util.UUID;

/** The delegation API's request bodies as they arrive, before any rule is checked. */
public final class DelegationForms {

	private DelegationForms() {
	}

	/**
	 * An operator's record of legal representation: a child's legal representative (from the family register), a
	 * guardian (a court's order) or a registered power of attorney (the deed), with the evidence it rests on.
	 * @param services client ids, or {@code ["*"]} for every service that accepts proxies
	 * @param validUntil the order's or deed's end; for a child's legal representative the day before the 18th birthday
	 *     is taken, and a date sent is refused
	 */
	public record OperatorRecord(String kind, UUID representedId, UUID proxyId, List<String> services, List<String> claims,
			String validUntil, Evidence evidence) {
	}

	/** The document the representation rests on: its type, its reference, and who checked it. */
	public record Evidence(String type, String reference, String verifiedBy) {
	}

	/**
	 * A mandate a person gives: the proxy (found by their individual number and date of birth, sent in the body and
	 * kept by no one), the services and claims, and the last day (at most a year away).
	 */
	public record Mandate(Proxy proxy, List<String> services, List<String> claims, String validUntil) {

		@Override
		public String toString() {
			return "Mandate[redacted]";
		}

	}

	/** Whom a mandate names. */
	public record Proxy(String individualNumber, String birthDate) {

		@Override
		public String toString() {
			return "Proxy[redacted]";
		}

	}

	/** A mandate's CMS signature, base64, detached over the document the platform showed. */
	public record Signature(String signature) {
	}

	/** An operator's record of a protection order: whom it protects from, until when (open-ended when absent). */
	public record ProtectionOrder(UUID respondentId, String validUntil) {
	}

	/** Why an operator ends a delegation: {@code court-order}. */
	public record Ending(String reason) {
	}

}
