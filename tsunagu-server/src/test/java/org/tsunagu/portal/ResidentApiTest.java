package org.tsunagu.portal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TestClock;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.SignInFlowsAccess;
import org.tsunagu.oidc.TestBrowser;
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
 * The resident's own API behind the account pages and the wallet ({@code /api/v1/me/record}, {@code cards},
 * {@code coverage}): for the resident's own clients only, about the caller only; the card renewed by the wallet
 * from three months before expiry; and the operator's changes in the transparency log without personal data.
 */
@TsunaguTest
class ResidentApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	TestApi api;

	@Autowired
	TestClock clock;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	TestCards card;

	String number;

	CardToken wallet;

	@BeforeEach
	void setUp() throws Exception {
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		this.number = enrolled.get("individualNumber").asString();
		this.card = TestCards.forResident(this.api, enrolled.get("id").asString(), this.dir);
		this.wallet = walletToken(this.card);
	}

	private CardToken walletToken(TestCards holder) {
		CardToken token = new CardToken(HttpClient.newHttpClient());
		token.obtain(origin(), holder.authenticationKey(), null, holder.card().certificate(Slot.AUTHENTICATION).orElseThrow());
		return token;
	}

	private String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	private static HttpResponse<String> call(TestRelyingParty rp, String token, String method, String path) throws Exception {
		String url = rp.issuer + path;
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "DPoP " + token)
			.header("DPoP", rp.dpop(method, url, token))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void recordCardsAndCoverageAreTheResidentsOwn() throws Exception {
		JsonNode record = JSON.readTree(this.wallet.get(origin() + "/api/v1/me/record"));
		assertThat(record.path("record").path("name").path("given").asString()).isEqualTo(TestResidents.KATSUKO);
		assertThat(record.path("history").get(0).path("change").asString()).isEqualTo("enrolled");
		assertThat(record.toString()).doesNotContain(this.number).doesNotContain("individualNumber");
		JsonNode cards = JSON.readTree(this.wallet.get(origin() + "/api/v1/me/cards"));
		assertThat(cards.path("cards")).hasSize(1);
		assertThat(cards.path("cards").get(0).path("status").asString()).isEqualTo("active");
		JsonNode coverage = JSON.readTree(this.wallet.get(origin() + "/api/v1/me/coverage"));
		assertThat(coverage.get("current").size()).isZero();
		assertThat(coverage.get("flags").size()).isZero();
		assertThat(coverage.path("records")).isEmpty();

		// another resident's card is not found for this one, and nothing changes
		JsonNode other = this.api.postJson("/api/v1/residents", TestResidents.katsukoAt("大手町2-" + System.nanoTime() % 1000)).jsonBody();
		TestCards theirs = TestCards.forResident(this.api, other.get("id").asString(), this.dir.resolve("other"));
		String theirCard = JSON.readTree(walletToken(theirs).get(origin() + "/api/v1/me/cards")).path("cards").get(0)
			.path("cardId").asString();
		HttpResponse<String> refused = this.wallet.postJson(origin() + "/api/v1/me/cards/" + theirCard + "/suspend", "");
		assertThat(refused.statusCode()).isEqualTo(404);
		assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(this.api.get("/api/v1/cards/" + theirCard).jsonBody().path("status").asString()).isEqualTo("active");
		assertThat(this.wallet.postJson(origin() + "/api/v1/me/cards/not-a-card/suspend", "").statusCode()).isEqualTo(404);
	}

	@Test
	void serviceWithMeReadSeesNoneOfTheResidentsWholePicture() throws Exception {
		TestRelyingParty bank = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"me:read\"]", "high", null);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlowsAccess.signIn(new TestBrowser(origin()), bank, this.card,
				bank.authorizationParameters(pkce, "openid profile me:read"), List.of("profile", "me:read"));
		HttpResponse<String> tokens = bank.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				bank.dpop("POST", bank.issuer + "/oauth2/token", null));
		String token = TestRelyingParty.json(tokens).get("access_token").asString();
		String cardId = JSON.readTree(this.wallet.get(origin() + "/api/v1/me/cards")).path("cards").get(0).path("cardId").asString();
		for (String path : List.of("/api/v1/me/record", "/api/v1/me/cards", "/api/v1/me/coverage", "/api/v1/me/clinic-consents",
				"/api/v1/me/access-events")) {
			HttpResponse<String> answer = call(bank, token, "GET", path);
			assertThat(answer.statusCode()).as(path).isEqualTo(403);
			assertThat(JSON.readTree(answer.body()).path("type").asString()).as(path).isEqualTo("urn:tsunagu:problem:wallet-only");
		}
		assertThat(call(bank, token, "POST", "/api/v1/me/cards/" + cardId + "/suspend").statusCode()).isEqualTo(403);
		assertThat(this.api.get("/api/v1/cards/" + cardId).jsonBody().path("status").asString()).isEqualTo("active");
	}

	@Test
	void walletRenewsTheCardFromThreeMonthsBeforeExpiry() throws Exception {
		Path auth = this.card.dir().resolve("auth.pem");
		String before = Files.readString(auth);
		// too early: refused, and the card keeps its keys and certificates
		assertThat(TestCards.wallet("1234\nSign2026\n", "renew", "--card-dir", this.card.dir().toString(), "--server", origin()))
			.contains("error:").contains("three months");
		assertThat(Files.readString(auth)).isEqualTo(before);

		assertThat(java.nio.file.Files.list(this.card.dir()).map((f) -> f.getFileName().toString()))
			.noneMatch((name) -> name.startsWith("renewal-"));

		// within three months of expiry: new keys, new certificates, the old ones superseded. The wallet's answer is
		// lost on the way (as after a crash): the new keys wait beside the old, and the certificates the
		// municipality hands over put them in place
		String cardId = JSON.readTree(this.wallet.get(origin() + "/api/v1/me/cards")).path("cards").get(0).path("cardId").asString();
		Instant expiry = this.card.card().certificate(Slot.AUTHENTICATION).orElseThrow().getNotAfter().toInstant();
		java.util.Map<Slot, java.security.KeyPair> fresh = this.card.card().newKeys();
		this.card.card().stageKeys(fresh, TestCards.AUTH_PIN.toCharArray(), "Sign2026".toCharArray());
		CardToken token = walletToken(this.card);
		this.clock.advance(Duration.between(Instant.now(), expiry.minus(Duration.ofDays(60))));
		HttpResponse<String> renewed;
		try {
			renewed = token.postJson(origin() + "/api/v1/me/cards/" + cardId + "/renew", org.tsunagu.pki.TestKeys.cardRequest(
					org.tsunagu.pki.TestKeys.csr(fresh.get(Slot.AUTHENTICATION)), org.tsunagu.pki.TestKeys.csr(fresh.get(Slot.SIGNING))));
		}
		finally {
			this.clock.reset();
		}
		assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
		assertThat(JSON.readTree(renewed.body()).path("certificates").findValuesAsString("status")).containsOnly("good");
		Path answer = this.dir.resolve("renewed.json");
		Files.writeString(answer, renewed.body());
		Path strangers = this.dir.resolve("strangers.json");
		String stranger = this.api.postJson("/api/v1/residents", TestResidents.katsukoAt("有楽町1-" + System.nanoTime() % 1000))
			.jsonBody().get("id").asString();
		Files.writeString(strangers, this.api.postJson("/api/v1/residents/" + stranger + "/cards",
				org.tsunagu.pki.TestKeys.cardRequest()).body());
		assertThat(TestCards.wallet("", "install", "--card-dir", this.card.dir().toString(), strangers.toString()))
			.contains("not for this card's keys");
		assertThat(TestCards.wallet("", "install", "--card-dir", this.card.dir().toString(), answer.toString()))
			.contains("Certificates stored");
		assertThat(this.card.card().publicKey(Slot.AUTHENTICATION).getEncoded())
			.isEqualTo(fresh.get(Slot.AUTHENTICATION).getPublic().getEncoded());
		assertThat(this.card.authenticationKey().getPrivate()).isNotNull();
		// a service's own client (the account, a relying party) cannot ask for new certificates: only the wallet
		assertThat(this.wallet.postJson(origin() + "/api/v1/me/cards/" + cardId + "/renew", "{}").statusCode()).isNotEqualTo(200);
	}

	@Test
	void badInputToTheResidentsApiAndTheWalletIsRefusedInOneSentence() throws Exception {
		String cardId = JSON.readTree(this.wallet.get(origin() + "/api/v1/me/cards")).path("cards").get(0).path("cardId").asString();
		String before = this.api.get("/api/v1/cards/" + cardId).body();
		for (String body : List.of("{not json", "{}", "{\"authenticationCsr\":\"<script>\"}", "[1,2]",
				"{\"authenticationCsr\":\"" + "A".repeat(300_000) + "\"}")) {
			HttpResponse<String> refused = this.wallet.postJson(origin() + "/api/v1/me/cards/" + cardId + "/renew", body);
			assertThat(refused.statusCode()).as(body.length() > 40 ? "oversized" : body).isIn(400, 409, 413, 422);
			assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(refused.body()).doesNotContain("Exception").doesNotContain(this.number);
		}
		assertThat(this.api.get("/api/v1/cards/" + cardId).body()).isEqualTo(before);

		// the wallet's files: not JSON, not a card, not a proof, a key that is not a key; each one sentence, nothing stored
		Path notJson = this.dir.resolve("not.json");
		Files.writeString(notJson, "<html>");
		Path notCard = this.dir.resolve("empty.json");
		Files.writeString(notCard, "{\"cardId\":1,\"certificates\":\"x\"}");
		String auth = Files.readString(this.card.dir().resolve("auth.pem"));
		assertThat(TestCards.wallet("", "install", "--card-dir", this.card.dir().toString(), notJson.toString()))
			.startsWith("exit 1: error: ").contains("is not JSON");
		assertThat(TestCards.wallet("", "install", "--card-dir", this.card.dir().toString(), notCard.toString()))
			.startsWith("exit 1: error: ").contains("is not a card");
		assertThat(Files.readString(this.card.dir().resolve("auth.pem"))).isEqualTo(auth);
		assertThat(TestCards.wallet("", "check-proof", notJson.toString(), "--server", origin())).startsWith("exit 1: error: ");
		assertThat(TestCards.wallet("", "check-proof", notCard.toString(), "--server", origin()))
			.startsWith("exit 1: error: ").contains("not a proof");
		Path forged = this.dir.resolve("forged.json");
		Files.writeString(forged, "{\"checkpoint\":\"forged\\n\",\"events\":[{\"index\":\"x\"}]}");
		assertThat(TestCards.wallet("", "check-proof", forged.toString(), "--log-key", "not a key"))
			.startsWith("exit 1: error: ").contains("not a note verifier key");
		assertThat(TestCards.wallet("", "check-proof", forged.toString(), "--server", origin())).startsWith("exit 1: error: ");
		assertThat(TestCards.wallet("", "check-proof", forged.toString())).startsWith("exit 2: ").contains("--server or --log-key");
	}

	/** The name a credential is logged under. */
	private String operatorName(String token) {
		return this.jdbc.sql("SELECT name FROM operator_credential ORDER BY created_at DESC").query(String.class).list().stream()
			.filter((name) -> name.startsWith("test-"))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void operatorChangesAreLoggedByRouteWithoutPersonalData() throws Exception {
		String operator = this.api.tokenWith(org.tsunagu.operator.OperatorRole.REGISTRY_WRITE);
		TestApi.Response enrolled = this.api.post("/api/v1/residents", "application/json",
				HttpRequest.BodyPublishers.ofString(TestResidents.katsukoAt("丸の内1-1")), operator);
		assertThat(enrolled.status()).isEqualTo(201);
		String id = enrolled.jsonBody().get("id").asString();
		String secondNumber = enrolled.jsonBody().get("individualNumber").asString();
		List<String> leaves = this.jdbc.sql("SELECT leaf FROM log_entry WHERE resident_id IS NULL").query(byte[].class).list()
			.stream()
			.map((leaf) -> new String(leaf, StandardCharsets.UTF_8))
			.filter((leaf) -> leaf.contains("operator action: POST /api/v1/residents\""))
			.toList();
		assertThat(leaves).isNotEmpty();
		assertThat(String.join("\n", leaves)).doesNotContain(secondNumber).doesNotContain(id).doesNotContain("髙橋")
			.doesNotContain("丸の内");
		// a refused attempt is logged too, with its status, and nothing of what was sent
		java.util.function.Supplier<List<String>> refusals = () -> this.jdbc
			.sql("SELECT leaf FROM log_entry WHERE resident_id IS NULL ORDER BY event_key").query(byte[].class).list()
			.stream()
			.map((leaf) -> new String(leaf, StandardCharsets.UTF_8))
			.filter((leaf) -> leaf.contains("operator action refused: POST /api/v1/residents\"") && leaf.contains(operatorName(operator)))
			.toList();
		assertThat(this.api.post("/api/v1/residents", "application/json",
				HttpRequest.BodyPublishers.ofString("{\"name\":{\"family\":\"髙橋\"}}"), operator).status()).isEqualTo(400);
		assertThat(refusals.get()).hasSize(1);
		assertThat(refusals.get().get(0)).contains("\"status\":\"400\"").doesNotContain("髙橋");
	}

}
