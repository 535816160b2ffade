package org.tsunagu.wallet.delegation;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.tsunagu.wallet.CardToken;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's resident delegation API, called with the card holder's own DPoP-bound token: their delegations,
 * a mandate drafted and then signed, a delegation ended. Every refusal becomes a {@link WalletException} in the
 * platform's words ({@link Refusals}).
 */
public final class DelegationClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CardToken token;

	private final String origin;

	/** @param token a token already obtained with the card at {@code origin} */
	public DelegationClient(CardToken token, String origin) {
		this.token = token;
		this.origin = origin;
	}

	/** Who may act for the person, for whom they may act, and the services that accept proxies. */
	public record Listing(List<DelegationView> forMe, List<DelegationView> byMe, List<DelegationView.Service> services) {
	}

	public Listing mine() {
		JsonNode answer = JSON.readTree(this.token.get(this.origin + "/api/v1/me/delegations"));
		List<DelegationView.Service> services = new ArrayList<>();
		answer.path("services").forEach((s) -> services.add(DelegationView.service(s)));
		return new Listing(views(answer.path("forMe")), views(answer.path("byMe")), List.copyOf(services));
	}

	/** Drafts a mandate; it awaits the card's signature over its document. */
	public DelegationView draft(MandateRequest request) {
		return DelegationView.from(expect(201, this.token.postJson(this.origin + "/api/v1/me/mandates", request.body(JSON))));
	}

	/** Sends the card's detached CMS signature over a mandate's document; the mandate then holds. */
	public DelegationView sign(UUID mandateId, byte[] signature) {
		String body = JSON.writeValueAsString(java.util.Map.of("signature", Base64.getEncoder().encodeToString(signature)));
		return DelegationView.from(expect(200, this.token.postJson(this.origin + "/api/v1/me/mandates/" + mandateId + "/signature", body)));
	}

	/** Withdraws a mandate the person gave, or steps down from one they hold. */
	public void end(UUID delegationId) {
		expect(204, this.token.postJson(this.origin + "/api/v1/me/delegations/" + delegationId + "/end", ""));
	}

	private static JsonNode expect(int status, HttpResponse<String> response) {
		if (response.statusCode() != status) {
			throw new WalletException(Refusals.of(response));
		}
		if (status == 204) {
			return null;
		}
		try {
			return JSON.readTree(response.body());
		}
		catch (RuntimeException ex) {
			throw new WalletException("The server's answer is not JSON.");
		}
	}

	private static List<DelegationView> views(JsonNode views) {
		List<DelegationView> list = new ArrayList<>();
		views.forEach((v) -> list.add(DelegationView.from(v)));
		return List.copyOf(list);
	}

}
