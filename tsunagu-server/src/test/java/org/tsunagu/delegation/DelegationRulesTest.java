package org.tsunagu.delegation;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.ProxyDelegations;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule a delegation is held to, each a clear problem with nothing stored: not to oneself, no loop, no claim
 * wider than a person may release, an end date neither past nor (for a mandate) over a year away, no proxy whose
 * card is suspended, no child's representation past 18, no service that refuses proxies; and the 15-year rule.
 */
@TsunaguTest
class DelegationRulesTest {

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ProxyDelegations delegations;

	@TempDir
	Path dir;

	String parent;

	String child;

	String adult;

	TestRelyingParty service;

	@BeforeEach
	void setUp() throws Exception {
		this.parent = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		this.child = this.api.postJson("/api/v1/residents", TestResidents.hinataChild()).jsonBody().get("id").asString();
		this.adult = this.api.postJson("/api/v1/residents", TestResidents.lanFromVietnam()).jsonBody().get("id").asString();
		this.service = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", "\"acceptsProxies\":true");
	}

	static String record(String kind, String represented, String proxy, String services, String claims, String until) {
		return """
				{"kind":"%s","representedId":"%s","proxyId":"%s","services":%s,"claims":%s%s,
				 "evidence":{"type":"court-order","reference":"Tokyo Family Court 2026-77","verifiedBy":"desk-9"}}"""
			.formatted(kind, represented, proxy, services, claims, until == null ? "" : ",\"validUntil\":\"" + until + "\"");
	}

	long stored() {
		return this.jdbc.sql("SELECT COUNT(*) FROM delegation").query(Long.class).single();
	}

	@Test
	void recordWhenARuleIsBrokenThenProblemNamingTheFieldAndNothingStored() throws Exception {
		String nextYear = LocalDate.now().plusYears(1).toString();
		Map<String, String> cases = new java.util.LinkedHashMap<>();
		cases.put(record("guardian", this.adult, this.adult, "[\"*\"]", "[\"profile\"]", nextYear), "/proxy");
		cases.put(record("guardian", this.adult, this.parent, "[\"*\"]", "[\"me:read\"]", nextYear), "/claims/0");
		cases.put(record("guardian", this.adult, this.parent, "[\"*\"]", "[\"profile\"]", "2020-01-01"), "/validUntil");
		cases.put(record("guardian", this.child, this.parent, "[\"*\"]", "[\"profile\"]", nextYear), "/representedId");
		cases.put(record("legal-representative", this.adult, this.parent, "[\"*\"]", "[\"profile\"]", null), "/representedId");
		cases.put(record("legal-representative", this.child, this.parent, "[\"*\"]", "[\"profile\"]", nextYear), "/validUntil");
		cases.put(record("guardian", this.adult, this.parent, "[\"no-such-client\"]", "[\"profile\"]", nextYear), "/services/0");
		cases.put(record("uncle", this.adult, this.parent, "[\"*\"]", "[\"profile\"]", nextYear), "/kind");
		cases.put(record("guardian", this.adult, this.child, "[\"*\"]", "[\"profile\"]", nextYear), "/proxy");
		cases.put("{\"kind\":\"guardian\"}", "/representedId");
		long before = stored();
		for (Map.Entry<String, String> c : cases.entrySet()) {
			TestApi.Response refused = this.api.postJson("/api/v1/delegations", c.getKey());
			assertThat(refused.status()).as(c.getKey()).isEqualTo(400);
			assertThat(refused.contentType()).contains("problem+json");
			assertThat(refused.body()).as(c.getKey()).contains(c.getValue()).doesNotContain("Exception");
		}
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void recordWhenItWouldLoopOrTheProxysCardIsSuspendedThenConflictAndNothingStored() throws Exception {
		String nextYear = LocalDate.now().plusYears(1).toString();
		assertThat(this.api.postJson("/api/v1/delegations", record("guardian", this.adult, this.parent, "[\"*\"]", "[\"profile\"]", nextYear))
			.status()).isEqualTo(201);
		long before = stored();
		TestApi.Response loop = this.api.postJson("/api/v1/delegations",
				record("power-of-attorney", this.parent, this.adult, "[\"*\"]", "[\"profile\"]", nextYear));
		assertThat(loop.status()).isEqualTo(409);
		assertThat(loop.body()).contains("delegation-loop");

		TestCards proxyCard = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		String cardId = this.jdbc.sql("SELECT id FROM card WHERE resident_id = ?").param(java.util.UUID.fromString(proxyCard.residentId()))
			.query(java.util.UUID.class).single().toString();
		assertThat(this.api.postJson("/api/v1/cards/" + cardId + "/suspend", "").status()).isEqualTo(200);
		TestApi.Response suspended = this.api.postJson("/api/v1/delegations",
				record("power-of-attorney", this.adult, proxyCard.residentId(), "[\"*\"]", "[\"profile\"]", nextYear));
		assertThat(suspended.status()).isEqualTo(409);
		assertThat(suspended.body()).contains("proxy-card-suspended");
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void legalRepresentationWhenTheChildIs15AtAServiceTheyUseAloneThenItNoLongerCovers() throws Exception {
		TestRelyingParty alone = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high",
				"\"acceptsProxies\":true,\"minorsAloneFrom15\":true");
		String younger = this.api.postJson("/api/v1/residents", TestResidents.childBorn(LocalDate.now().minusYears(12).toString()))
			.jsonBody().get("id").asString();
		TestApi.Response recorded = this.api.postJson("/api/v1/delegations",
				record("legal-representative", this.child, this.parent, "[\"*\"]", "[\"profile\"]", null)
					.replace("court-order", "family-register"));
		assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
		assertThat(recorded.jsonBody().get("validUntil").asString())
			.isEqualTo(TestResidents.HINATA_BORN.plusYears(18).minusDays(1).toString());
		assertThat(this.api.postJson("/api/v1/delegations",
				record("legal-representative", younger, this.parent, "[\"*\"]", "[\"profile\"]", null).replace("court-order", "family-register"))
			.status()).isEqualTo(201);
		// the other parent sees who else represents the child
		assertThat(this.api.postJson("/api/v1/delegations",
				record("legal-representative", this.child, this.adult, "[\"*\"]", "[\"profile\"]", null).replace("court-order", "family-register"))
			.status()).isEqualTo(201);
		assertThat(this.api.get("/api/v1/residents/" + this.adult + "/delegations").jsonBody().at("/alongsideMe/0/proxy/name").asString())
			.isEqualTo("髙橋 " + TestResidents.KATSUKO);
		java.util.UUID proxy = java.util.UUID.fromString(this.parent);
		// the child (16) uses the second service alone; the younger child (12) does not
		assertThat(this.delegations.forProxy(proxy, this.service.clientId)).hasSize(2);
		assertThat(this.delegations.forProxy(proxy, alone.clientId))
			.extracting(ProxyDelegations.Delegation::representedId)
			.containsExactly(java.util.UUID.fromString(younger));
	}

	@Test
	void representedPersonsNameChangedThenTheDelegationStands() throws Exception {
		TestCards child = TestCards.forResident(this.api, this.child, this.dir.resolve("child"));
		TestApi.Response recorded = this.api.postJson("/api/v1/delegations",
				record("legal-representative", child.residentId(), this.parent, "[\"*\"]", "[\"profile\"]", null)
					.replace("court-order", "family-register"));
		assertThat(recorded.status()).isEqualTo(201);
		// the name change revokes the child's signing certificate, which is not the card revoked
		assertThat(this.api.postJson("/api/v1/residents/" + this.child + "/events",
				"{ \"type\": \"name-changed\", \"name\": { \"family\": \"鈴木\", \"given\": \"陽向\" } }").status()).isEqualTo(200);
		org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(3))
			.until(() -> this.jdbc.sql("SELECT status FROM delegation WHERE id = ?")
				.param(java.util.UUID.fromString(recorded.jsonBody().get("id").asString())).query(String.class).single().equals("active"));
	}

}
