package org.tsunagu.delegation;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.CardToken;
import org.tsunagu.wallet.Slot;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mandate takes effect only with the person's own card's signature over the very document drafted: a signature
 * over other bytes, or by another person's card, is refused and changes nothing; the signature that is accepted is
 * kept with the mandate.
 */
@TsunaguTest
class MandateSignatureTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	TestCards katsuko;

	TestCards lan;

	String lanNumber;

	CardToken wallet;

	String service;

	@BeforeEach
	void setUp() throws Exception {
		this.katsuko = TestCards.issue(this.api, TestResidents.katsuko(), this.dir.resolve("katsuko"));
		JsonNode lan = this.api.postJson("/api/v1/residents", TestResidents.lanFromVietnam()).jsonBody();
		this.lanNumber = lan.get("individualNumber").asString();
		this.lan = TestCards.forResident(this.api, lan.get("id").asString(), this.dir.resolve("lan"));
		this.service = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", "\"acceptsProxies\":true").clientId;
		this.wallet = new CardToken(HttpClient.newHttpClient());
		this.wallet.obtain(origin(), this.katsuko.authenticationKey(), null,
				this.katsuko.card().certificate(Slot.AUTHENTICATION).orElseThrow());
	}

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	/** A detached CMS signature over {@code content} by {@code card}'s signing key, as the wallet's sign command makes it. */
	String signature(TestCards card, byte[] content) throws Exception {
		Path file = Files.write(this.dir.resolve("document-" + System.nanoTime()), content);
		String out = TestCards.wallet("Sign2026\n", "sign", file.toString(), "--card-dir", card.dir().toString());
		assertThat(out).doesNotStartWith("exit");
		return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file + ".p7s")));
	}

	HttpResponse<String> sign(String id, String signature) {
		return this.wallet.postJson(origin() + "/api/v1/me/mandates/" + id + "/signature", "{\"signature\":\"" + signature + "\"}");
	}

	String status(String id) {
		return this.jdbc.sql("SELECT status FROM delegation WHERE id = ?").param(java.util.UUID.fromString(id)).query(String.class).single();
	}

	@Test
	void mandateWhenSignedByAnotherCardOrOverOtherBytesThenRefusedAndOnlyTheRightSignatureIsKept() throws Exception {
		HttpResponse<String> drafted = this.wallet.postJson(origin() + "/api/v1/me/mandates", """
				{"proxy":{"individualNumber":"%s","birthDate":"1998-06-15"},"services":["%s"],"claims":["profile"],
				 "validUntil":"%s"}""".formatted(this.lanNumber, this.service, LocalDate.now().plusMonths(6)));
		assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(201);
		JsonNode draft = JSON.readTree(drafted.body());
		String id = draft.get("id").asString();
		byte[] document = Base64.getDecoder().decode(draft.get("document").asString());
		assertThat(new String(document, StandardCharsets.UTF_8)).contains("tsunagu-mandate", "NGUYEN Thi Lan").doesNotContain(this.lanNumber);

		byte[] changed = new String(document, StandardCharsets.UTF_8).replace("\"profile\"", "\"address\"").getBytes(StandardCharsets.UTF_8);
		for (String wrong : new String[] { signature(this.katsuko, changed), signature(this.lan, document), "bm90IGEgc2lnbmF0dXJl" }) {
			HttpResponse<String> refused = sign(id, wrong);
			assertThat(refused.statusCode()).as(refused.body()).isIn(400, 422);
			assertThat(refused.body()).doesNotContain("Exception");
			assertThat(status(id)).isEqualTo("awaiting-signature");
		}

		HttpResponse<String> signed = sign(id, signature(this.katsuko, document));
		assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
		assertThat(JSON.readTree(signed.body()).get("status").asString()).isEqualTo("active");
		byte[] kept = this.jdbc.sql("SELECT signature FROM delegation WHERE id = ?").param(java.util.UUID.fromString(id))
			.query(byte[].class).single();
		assertThat(kept).isNotEmpty();
		// the kept signature still checks against the document, with the platform's own public verifier
		assertThat(this.api.postJson("/api/v1/signatures/verify", "{\"signature\":\"" + Base64.getEncoder().encodeToString(kept)
				+ "\",\"content\":\"" + Base64.getEncoder().encodeToString(document) + "\"}").jsonBody().get("valid").asBoolean()).isTrue();
		// signed once
		assertThat(sign(id, signature(this.katsuko, document)).statusCode()).isEqualTo(409);
	}

	@Test
	void mandateDraftsWhenMoreThanADayAllowsThenTooManyWithRetryAfterAndNothingStored() throws Exception {
		String body = """
				{"proxy":{"individualNumber":"%s","birthDate":"1998-06-15"},"services":["%s"],"claims":["profile"],
				 "validUntil":"%s"}""".formatted(this.lanNumber, this.service, LocalDate.now().plusMonths(6));
		for (int i = 0; i < 20; i++) {
			assertThat(this.wallet.postJson(origin() + "/api/v1/me/mandates", body).statusCode()).isEqualTo(201);
		}
		long drafted = this.jdbc.sql("SELECT COUNT(*) FROM delegation WHERE represented_id = ?")
			.param(java.util.UUID.fromString(this.katsuko.residentId())).query(Long.class).single();
		HttpResponse<String> refused = this.wallet.postJson(origin() + "/api/v1/me/mandates", body);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.body()).contains("too-many-mandates").doesNotContain("NGUYEN").doesNotContain(this.lanNumber);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM delegation WHERE represented_id = ?")
			.param(java.util.UUID.fromString(this.katsuko.residentId())).query(Long.class).single()).isEqualTo(drafted);
	}

}
