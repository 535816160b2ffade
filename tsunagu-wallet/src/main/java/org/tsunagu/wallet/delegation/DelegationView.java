package org.tsunagu.wallet.delegation;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * A delegation as the platform shows it to one of its two people: the kind (a mandate, a legal representative, a
 * guardian, a power of attorney), both people by name, the services by name, the claims, the last day, the status,
 * and while a mandate awaits its signature, its document. Every text but the document is made safe to print on a
 * terminal when the view is read ({@link Terminal}).
 *
 * @param endReason why it ended ({@code withdrawn}, {@code stepped-down}, ...), or {@code null} while it holds
 * @param document the base64 of the document to sign, or {@code null} unless it awaits a signature
 */
public record DelegationView(String id, String kind, String status, String representedName, String proxyName,
		List<Service> services, List<String> claims, String validUntil, String endReason, String document) {

	public static final String AWAITING_SIGNATURE = "awaiting-signature";

	/** A service by its client id and English name. */
	public record Service(String clientId, String name) {
	}

	/**
	 * A view from the platform's answer.
	 * @throws WalletException when it is not one
	 */
	public static DelegationView from(JsonNode view) {
		if (view == null || !view.path("id").isString() || !view.path("status").isString()) {
			throw new WalletException("The server's answer is not a delegation.");
		}
		try {
			java.util.UUID.fromString(view.path("id").asString());
		}
		catch (IllegalArgumentException ex) {
			throw new WalletException("The server's answer is not a delegation: its id is not one.");
		}
		List<Service> services = new ArrayList<>();
		view.path("services").forEach((s) -> services.add(service(s)));
		List<String> claims = new ArrayList<>();
		view.path("claims").forEach((c) -> claims.add(safe(c, "")));
		return new DelegationView(safe(view.path("id"), ""), safe(view.path("kind"), ""), safe(view.path("status"), ""),
				safe(view.path("represented").path("name"), "—"), safe(view.path("proxy").path("name"), "—"),
				List.copyOf(services), List.copyOf(claims), safe(view.path("validUntil"), ""),
				view.path("endReason").isString() ? safe(view.path("endReason"), "") : null,
				view.path("document").asString(null));
	}

	/** A service as the platform names it: its client id and English name. */
	static Service service(JsonNode service) {
		String clientId = safe(service.path("clientId"), "");
		return new Service(clientId, safe(service.path("name").path("en"), clientId));
	}

	public boolean awaitingSignature() {
		return AWAITING_SIGNATURE.equals(this.status);
	}

	/**
	 * The document awaiting the signature, checked to be this mandate's.
	 * @throws WalletException when there is none or it is not one
	 */
	public MandateDocument mandateDocument() {
		if (!awaitingSignature() || this.document == null) {
			throw new WalletException("Mandate " + this.id + " is " + this.status + ": there is nothing to sign.");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(this.document);
		}
		catch (IllegalArgumentException ex) {
			throw new WalletException("The server sent a document that is not base64; nothing was signed.");
		}
		return MandateDocument.parse(this.id, bytes);
	}

	/** The services by name, for a sentence. */
	public String servicesNamed() {
		return String.join(", ", this.services.stream().map(Service::name).toList());
	}

	/** One line of a listing, as the represented person ({@code forMe}) or the proxy sees it. */
	public String line(boolean forMe) {
		String who = forMe ? this.proxyName + " for you" : "you for " + this.representedName;
		String state = this.endReason == null ? this.status : this.status + ", " + this.endReason;
		return this.id + "  " + this.kind + ": " + who + " at " + servicesNamed() + "; releasing "
				+ String.join(", ", this.claims) + "; until " + this.validUntil + " [" + state + "]";
	}

	private static String safe(JsonNode text, String otherwise) {
		return text.isString() ? Terminal.safe(text.asString()) : otherwise;
	}

}
