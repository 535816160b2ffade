package org.tsunagu.credentials;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.authlete.sd.SDJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What revokes a credential, each in the transaction of the change itself (so the status list says so on its next
 * read, and a verifier following the list's ttl within a minute): a name or an address change revokes the person
 * identification credential and not the age credential; the card revoked, or the person's death, revokes every one.
 */
@TsunaguTest
class CredentialRevocationTest {

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	TestHolder.Person person;

	@BeforeEach
	void setUp() throws Exception {
		this.person = TestHolder.Person.enrol(this.api, this.dir, "八重洲1-");
	}

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	/** Takes one copy of each; answers their status list indexes by configuration. */
	Map<String, Integer> take() throws Exception {
		List<String> pid = new ArrayList<>();
		List<String> age = new ArrayList<>();
		TestHolder.take(this.person.wallet(), origin(), "tsunagu_pid", 1, pid);
		TestHolder.take(this.person.wallet(), origin(), "tsunagu_age", 1, age);
		return Map.of("tsunagu_pid", index(pid.get(0)), "tsunagu_age", index(age.get(0)));
	}

	static int index(String credential) throws Exception {
		@SuppressWarnings("unchecked")
		Map<String, Object> status = (Map<String, Object>) ((Map<String, Object>) SignedJWT.parse(SDJWT.parse(credential).getCredentialJwt())
			.getJWTClaimsSet().getClaim("status")).get("status_list");
		return ((Number) status.get("idx")).intValue();
	}

	/** The reason a copy was revoked, or {@code null} while it stands. */
	String revoked(int index) {
		return this.jdbc.sql("SELECT revoked_reason FROM issued_credential WHERE resident_id = ? AND status_index = ?")
			.params(UUID.fromString(this.person.residentId()), index)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	TestApi.Response event(String body) {
		return this.api.postJson("/api/v1/residents/" + this.person.residentId() + "/events", body);
	}

	@Test
	void nameOrAddressChangedThenTheIdentificationCredentialIsRevokedAndTheAgeCredentialStands() throws Exception {
		Map<String, Integer> first = take();
		assertThat(event("{ \"type\": \"name-changed\", \"name\": { \"family\": \"鈴木\", \"given\": \"花子\" } }").status()).isEqualTo(200);
		assertThat(revoked(first.get("tsunagu_pid"))).isEqualTo("name-changed");
		assertThat(revoked(first.get("tsunagu_age"))).isNull();

		Map<String, Integer> second = take();
		assertThat(event("""
				{ "type": "address-changed", "effectiveDate": "2026-04-01", "address": { "country": "JP",
				  "postalCode": "530-0001", "region": "大阪府", "locality": "大阪市北区", "streetAddress": "梅田1-1" } }""")
			.status()).isEqualTo(200);
		assertThat(revoked(second.get("tsunagu_pid"))).isEqualTo("address-changed");
		assertThat(revoked(second.get("tsunagu_age"))).isNull();
	}

	@Test
	void cardRevokedThenEveryCredentialIsRevoked() throws Exception {
		Map<String, Integer> taken = take();
		String cardId = this.jdbc.sql("SELECT id FROM card WHERE resident_id = ?").param(UUID.fromString(this.person.residentId()))
			.query(UUID.class).single().toString();
		TestApi.Response revoked = this.api.postJson("/api/v1/cards/" + cardId + "/revoke", "{\"reason\":\"keyCompromise\"}");
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertThat(revoked(taken.get("tsunagu_pid"))).isEqualTo("card-revoked");
		assertThat(revoked(taken.get("tsunagu_age"))).isEqualTo("card-revoked");
	}

	@Test
	void deathThenEveryCredentialIsRevokedAndTheListSaysSoOnItsNextRead() throws Exception {
		Map<String, Integer> taken = take();
		assertThat(event("{ \"type\": \"died\", \"date\": \"2026-11-30\" }").status()).isEqualTo(200);
		assertThat(revoked(taken.get("tsunagu_pid"))).isEqualTo("died");
		assertThat(revoked(taken.get("tsunagu_age"))).isEqualTo("died");
		// the list verifiers read carries a ttl of at most a minute
		SignedJWT list = SignedJWT.parse(this.api.get("/credentials/status/1").body());
		assertThat(((Number) list.getJWTClaimsSet().getClaim("ttl")).longValue()).isPositive().isLessThanOrEqualTo(60);
	}

}
