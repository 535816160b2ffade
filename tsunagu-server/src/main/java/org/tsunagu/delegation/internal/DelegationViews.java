package org.tsunagu.delegation.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.oidc.ProxyServices;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

/**
 * A delegation as the API answers it: both people by name, the services by name, the claims, the days, who made
 * it, and how it ended. Seen by the proxy, an ending by a protection order reads as a court's order, like any other
 * ending a court decided: the order is never shown to the one it protects from.
 */
final class DelegationViews {

	private DelegationViews() {
	}

	/** The reason the proxy is shown: a protection order is a court's order to them. */
	static String toProxy(String reason) {
		return "protection-order".equals(reason) ? "court-order" : reason;
	}

	static Map<String, Object> view(JdbcDelegations.Row row, Residents residents, ProxyServices services) {
		return view(row, residents, services, null);
	}

	/** @param viewer the resident looking, or {@code null} for the operator and the person who made it */
	static Map<String, Object> view(JdbcDelegations.Row row, Residents residents, ProxyServices services, UUID viewer) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", row.id());
		view.put("kind", row.kind());
		view.put("status", row.status());
		view.put("represented", person(row.representedId(), residents, viewer == null || !viewer.equals(row.proxyId())));
		view.put("proxy", person(row.proxyId(), residents, viewer == null || viewer.equals(row.proxyId())));
		view.put("services", row.services().contains("*") ? List.of(Map.of("clientId", "*", "name", Map.of("en",
				"Every service that accepts proxies", "ja", "代理人を受け付けるすべてのサービス")))
				: row.services().stream().map((s) -> service(s, services)).toList());
		view.put("claims", row.claims());
		view.put("validFrom", row.validFrom().toString());
		view.put("validUntil", row.validUntil().toString());
		view.put("createdBy", row.createdBy().startsWith("operator:") ? "operator" : "the represented person");
		view.put("createdAt", row.createdAt().toString());
		if (row.evidence() != null) {
			view.put("evidence", row.evidence());
		}
		if (row.endedAt() != null) {
			view.put("endedAt", row.endedAt().toString());
			boolean proxyLooks = viewer != null && viewer.equals(row.proxyId());
			view.put("endReason", proxyLooks ? DelegationViews.toProxy(row.endReason()) : row.endReason());
		}
		if ("awaiting-signature".equals(row.status()) && row.document() != null) {
			view.put("document", Base64.getEncoder().encodeToString(row.document().getBytes(StandardCharsets.UTF_8)));
		}
		return view;
	}

	/** A person by name; with the id for whoever may act on it (the operator, the represented person's own view). */
	private static Map<String, Object> person(UUID id, Residents residents, boolean withId) {
		Map<String, Object> person = new LinkedHashMap<>();
		if (withId) {
			person.put("id", id);
		}
		person.put("name", residents.find(id).map(ResidentFacts::fullName).orElse("—"));
		return person;
	}

	private static Map<String, Object> service(String clientId, ProxyServices services) {
		return services.terms(clientId)
			.<Map<String, Object>>map((t) -> Map.of("clientId", clientId, "name", Map.of("en", t.nameEn(), "ja", t.nameJa() == null ? t.nameEn() : t.nameJa())))
			.orElse(Map.of("clientId", clientId, "name", Map.of("en", clientId, "ja", clientId)));
	}

}
