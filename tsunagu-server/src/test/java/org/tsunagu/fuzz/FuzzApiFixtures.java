package org.tsunagu.fuzz;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.tsunagu.TestApi;
import org.tsunagu.credentials.FuzzWallet;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.pki.TestKeys;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

/**
 * What the JSON APIs' requests name, made once through the API: a resident with two cards (and a PIN reset code
 * for one), a child and a parent for delegations, a relying party, two agencies with a rule between them, and an
 * insurer, a clinic and a verifier acting with their own tokens. {@link #values()} gives the names a fuzzed path or
 * body uses for them ({@code $resident}, {@code $card}...).
 */
final class FuzzApiFixtures {

	private static FuzzApiFixtures fixtures;

	final Map<String, String> values = new HashMap<>();

	final Map<String, FuzzActors.Registered> organisations = new HashMap<>();

	private FuzzApiFixtures() throws Exception {
		TestApi api = FuzzActors.api();
		JsonNode resident = created(api.postJson("/api/v1/residents", TestResidents.katsukoAt("丸の内" + FuzzActors.digits(4))));
		this.values.put("resident", resident.get("id").asString());
		this.values.put("number", resident.get("individualNumber").asString());
		this.values.put("card", created(api.postJson("/api/v1/residents/" + this.values.get("resident") + "/cards",
				TestKeys.cardRequest())).get("cardId").asString());
		this.values.put("othercard", created(api.postJson("/api/v1/residents/" + this.values.get("resident") + "/cards",
				TestKeys.cardRequest())).get("cardId").asString());
		this.values.put("pincode", created(api.postJson("/api/v1/cards/" + this.values.get("card") + "/pin-reset",
				"{\"slot\":\"auth\"}"), 200).get("code").asString());
		this.values.put("child", created(api.postJson("/api/v1/residents", TestResidents.hinataChild())).get("id").asString());
		JsonNode parent = created(api.postJson("/api/v1/residents", TestResidents.katsukoAt("有楽町" + FuzzActors.digits(4))));
		this.values.put("parent", parent.get("id").asString());
		this.values.put("parentnumber", parent.get("individualNumber").asString());
		this.values.put("delegation", created(api.postJson("/api/v1/delegations", """
				{"kind":"legal-representative","representedId":"%s","proxyId":"%s","services":["*"],"claims":["profile"],
				 "evidence":{"type":"family-register","reference":"Chiyoda 2016-0123","verifiedBy":"chiyoda-desk-4"}}"""
			.formatted(this.values.get("child"), this.values.get("parent")))).get("id").asString());
		this.values.put("client", TestRelyingParty.register(api, "[\"openid\",\"profile\"]", "low", null).clientId);
		FuzzActors.Registered requester = FuzzActors.organisation("agency", "fuzz-api-city-" + FuzzActors.digits(6),
				"http://127.0.0.1:9/exchange");
		FuzzActors.Registered provider = FuzzActors.organisation("agency", "fuzz-api-tax-" + FuzzActors.digits(6),
				"http://127.0.0.1:9/exchange");
		this.values.put("requester", requester.id());
		this.values.put("provider", provider.id());
		this.values.put("rule", created(api.postJson("/api/v1/exchange/rules", """
				{"requester":"%s","provider":"%s","item":"income-certificate","purpose":"child-allowance",
				 "provision":"Number Use Act, Article 19(8) and Annex: child-allowance","validFrom":"2017-11-13","validTo":null}"""
			.formatted(requester.id(), provider.id()))).get("id").asString());
		this.organisations.put("agency", requester);
		this.organisations.put("insurer", FuzzActors.organisation("insurer", FuzzActors.digits(8), null));
		this.organisations.put("clinic", FuzzActors.organisation("clinic", FuzzActors.digits(10), null));
		this.organisations.put("verifier", FuzzActors.organisation("verifier", "fuzz-api-shop-" + FuzzActors.digits(6), null));
		this.values.put("origin", FuzzActors.origin());
		this.values.put("proxyservice", TestRelyingParty.register(api, "[\"openid\",\"profile\"]", "low",
				"\"acceptsProxies\":true").clientId);
		FuzzWallet wallet = FuzzWallet.get();
		this.values.put("walletcard", api.get("/api/v1/residents/" + wallet.residentId() + "/cards").jsonBody()
			.at("/cards/0/cardId").asString());
		LocalDate soon = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(90);
		this.values.put("soon", soon.toString());
		this.values.put("soonyear", Integer.toString(soon.getYear()));
		this.values.put("soonmonth", Integer.toString(soon.getMonthValue()));
		this.values.put("soonday", Integer.toString(soon.getDayOfMonth()));
		java.net.http.HttpResponse<String> drafted = wallet.asResident("/api/v1/me/mandates", """
				{"proxy":{"individualNumber":"%s","birthDate":"1984-04-02"},"services":["%s"],"claims":["profile"],
				 "validUntil":"%s"}""".formatted(this.values.get("parentnumber"), this.values.get("proxyservice"), soon));
		if (drafted.statusCode() != 201) {
			throw new IllegalStateException(drafted.body());
		}
		this.values.put("mandate", FuzzActors.json(drafted).get("id").asString());
	}

	static synchronized FuzzApiFixtures get() {
		if (fixtures == null) {
			try {
				fixtures = new FuzzApiFixtures();
			}
			catch (Exception ex) {
				throw new IllegalStateException("cannot set up the API fixtures", ex);
			}
		}
		return fixtures;
	}

	/**
	 * The names a request may use: the fixtures', {@code $now}, {@code $jti}, and, only when asked for (each costs a
	 * key), {@code $cards}: a body of two fresh certificate requests.
	 */
	Map<String, String> values(boolean cards) {
		Map<String, String> values = FuzzJws.values(this.values);
		if (cards) {
			values.put("cards", TestKeys.cardRequest());
		}
		return values;
	}

	static JsonNode created(TestApi.Response response) {
		return created(response, 201);
	}

	static JsonNode created(TestApi.Response response, int status) {
		if (response.status() != status) {
			throw new IllegalStateException(response.body());
		}
		return response.jsonBody();
	}

}
