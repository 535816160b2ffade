package org.tsunagu.transparency;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.merkle.NoteKey;
import org.tsunagu.oidc.TestBrowser;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.AccessHistory;
import org.tsunagu.wallet.LogMonitor;
import org.tsunagu.wallet.WalletException;
import org.tsunagu.wallet.cli.WalletCli;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "Who used my data" end to end: a resident signs in to a service, and the resident's own token then lists the
 * record's creation, the card's certificates and the claims released to the service, each checked on the
 * resident's side against the signed checkpoint; a tampered answer is caught. And the log monitor.
 */
@TsunaguTest
class AccessHistoryTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	@Test
	void historyWhenResidentSignedInThenEveryAccessIsListedWithAProofTheWalletChecks() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"me:read\"]", "high", null);
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestBrowser browser = new TestBrowser(rp.issuer);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = org.tsunagu.oidc.SignInFlowsAccess.signIn(browser, rp, card,
				rp.authorizationParameters(pkce, "openid profile me:read"), List.of("profile", "me:read"));
		HttpResponse<String> tokens = rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				rp.dpop("POST", rp.issuer + "/oauth2/token", null));
		String token = TestRelyingParty.json(tokens).get("access_token").asString();
		NoteKey key = NoteKey.parse(this.api.get("/log/key").body().strip());
		// a service's token, even with me:read, does not read the history: it names every service the resident uses
		assertThat(rp.getWithDpop("/api/v1/me/access-events", token).statusCode()).isEqualTo(403);

		org.tsunagu.wallet.CardToken wallet = new org.tsunagu.wallet.CardToken(HttpClient.newHttpClient());
		String origin = rp.issuer;
		wallet.obtain(origin, card.authenticationKey(), null, card.card().certificate(org.tsunagu.wallet.Slot.AUTHENTICATION).orElseThrow());
		JsonNode answer = await("four entries in a signed checkpoint").atMost(Duration.ofSeconds(10))
			.until(() -> JsonMapper.builder().build().readTree(wallet.get(origin + "/api/v1/me/access-events")),
					(history) -> AccessHistory.verify(history, key).size() >= 4);
		List<AccessHistory.Event> events = AccessHistory.verify(answer, key);
		assertThat(events).extracting(AccessHistory.Event::what)
			.anyMatch((w) -> w.startsWith("resident record created"))
			.anyMatch((w) -> w.startsWith("authentication certificate issued"))
			.anyMatch((w) -> w.startsWith("claims released: me:read openid profile"));
		assertThat(events).extracting(AccessHistory.Event::who).anyMatch((w) -> w.contains("Sakura Bank"));
		assertThat(answer.toString()).doesNotContain(card.residentId());

		// pages of two, each against the same checkpoint, give the same entries in the same order
		String checkpoint = answer.get("checkpoint").asString();
		long size = org.tsunagu.merkle.Checkpoint.parse(org.tsunagu.merkle.SignedNote.parse(checkpoint).text()).size();
		List<Long> paged = new java.util.ArrayList<>();
		String page = origin + "/api/v1/me/access-events?limit=2&size=" + size;
		int pages = 0;
		while (page != null) {
			JsonNode part = JsonMapper.builder().build().readTree(wallet.get(page));
			assertThat(part.get("checkpoint").asString()).isEqualTo(checkpoint);
			assertThat(part.get("events").size()).isLessThanOrEqualTo(2);
			AccessHistory.verify(part, key).forEach((event) -> paged.add(event.index()));
			JsonNode next = part.path("next");
			page = next.isObject() ? origin + "/api/v1/me/access-events?limit=2&before=" + next.get("before").asLong()
					+ "&size=" + next.get("size").asLong() : null;
			pages++;
		}
		assertThat(pages).isGreaterThanOrEqualTo(2);
		assertThat(paged).isEqualTo(events.stream().map(AccessHistory.Event::index).toList());
		// a page asked against a checkpoint that was never signed, or with a malformed position: 400, no entries
		assertThatThrownBy(() -> wallet.get(origin + "/api/v1/me/access-events?size=" + (size + 1_000_000)))
			.hasMessageContaining("400");
		assertThatThrownBy(() -> wallet.get(origin + "/api/v1/me/access-events?before=-1")).hasMessageContaining("400");

		// the resident's side catches a server that lies: another entry, a changed entry, a foreign salt
		ObjectNode forged = (ObjectNode) answer.deepCopy();
		ObjectNode first = (ObjectNode) forged.get("events").get(0);
		first.put("leaf", Base64.getEncoder().encodeToString("{\"v\":1}".getBytes(StandardCharsets.UTF_8)));
		assertThatThrownBy(() -> AccessHistory.verify(forged, key)).isInstanceOf(WalletException.class).hasMessageContaining("not in the signed tree");
		ObjectNode foreign = (ObjectNode) answer.deepCopy();
		((ObjectNode) foreign.get("events").get(0)).put("salt", Base64.getEncoder().encodeToString(new byte[16]));
		assertThatThrownBy(() -> AccessHistory.verify(foreign, key)).isInstanceOf(WalletException.class).hasMessageContaining("not about you");
		NoteKey other = NoteKey.of(key.name(), 1, java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
		JsonNode verified = answer;
		assertThatThrownBy(() -> AccessHistory.verify(verified, other)).isInstanceOf(WalletException.class);

		// an operator's credential is not a resident's token: no one's history through it
		assertThat(this.api.get("/api/v1/me/access-events").status()).isEqualTo(403);
	}

	@Test
	void walletHistoryWhenCardAuthenticatesThenEveryEntryIsCheckedOnTheResidentsSide() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		String server = this.api.uri("").toString();
		String output = await("the card's three entries in a signed checkpoint").atMost(Duration.ofSeconds(10))
			.until(() -> runWithInput(TestCards.AUTH_PIN + "\n", "history", "--card-dir", card.dir().toString(), "--server", server),
					(text) -> text.contains("3 entries about you"));
		assertThat(output).contains("resident record created").contains("authentication certificate issued")
			.contains("signing certificate issued").contains("3 entries about you").contains("inclusion proof checked")
			.doesNotContain(card.residentId());
		assertThat(Files.readString(card.dir().resolve("log-key"))).startsWith("localhost");
		// a wrong PIN gets no token
		assertThat(runWithInput("9999\n", "history", "--card-dir", card.dir().toString(), "--server", server)).startsWith("exit 1");
	}

	@Test
	void cardGrantWhenAssertionIsForgedThenRefused() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestCards other = TestCards.issue(this.api, TestResidents.katsuko(), this.dir.resolve("other"));
		// the other card's key signing an assertion that carries this card's certificate
		org.tsunagu.wallet.CardToken token = new org.tsunagu.wallet.CardToken(HttpClient.newHttpClient());
		String origin = this.api.uri("").toString().replaceAll("/$", "");
		assertThatThrownBy(() -> token.obtain(origin, other.authenticationKey(), null,
				card.card().certificate(org.tsunagu.wallet.Slot.AUTHENTICATION).orElseThrow()))
			.isInstanceOf(WalletException.class).hasMessageContaining("refused");
		// another audience
		assertThatThrownBy(() -> token.obtain("http://127.0.0.1:1", card.authenticationKey(), null,
				card.card().certificate(org.tsunagu.wallet.Slot.AUTHENTICATION).orElseThrow()))
			.isInstanceOf(WalletException.class);
		token.obtain(origin, card.authenticationKey(), null, card.card().certificate(org.tsunagu.wallet.Slot.AUTHENTICATION).orElseThrow());
		assertThat(token.get(origin + "/api/v1/me/consents")).contains("consents");
	}

	@Test
	void monitorWhenLogGrowsThenConsistentAndWhenForkedOrShrunkThenAlerts() throws Exception {
		this.api.postJson("/api/v1/residents", TestResidents.katsuko());
		Path state = this.dir.resolve("monitor.properties");
		LogMonitor monitor = new LogMonitor(HttpClient.newHttpClient());
		String server = this.api.uri("").toString();
		await("a first checkpoint").atMost(Duration.ofSeconds(10)).until(() -> this.api.get("/log/checkpoint").status() == 200);
		LogMonitor.Seen first = monitor.check(server, state);
		this.api.postJson("/api/v1/residents", TestResidents.katsuko());
		LogMonitor.Seen second = await("a larger checkpoint").atMost(Duration.ofSeconds(10))
			.until(() -> monitor.check(server, state), (seen) -> seen.size() > first.size());
		assertThat(second.size()).isGreaterThan(first.size());
		assertThat(run("log-monitor", "--server", server, "--state", state.toString())).contains("consistently").startsWith("The log");

		String saved = Files.readString(state);
		Files.writeString(state, saved.replaceAll("root=.*", "root=" + Base64.getEncoder().encodeToString(new byte[32])
			.replace("=", "\\\\=")));
		String forked = run("log-monitor", "--server", server, "--state", state.toString());
		assertThat(forked).contains("ALERT");
		Files.writeString(state, saved.replaceAll("size=\\d+", "size=99999999"));
		assertThat(run("log-monitor", "--server", server, "--state", state.toString())).contains("ALERT: the log shrank");
	}

	private static String run(String... args) {
		return runWithInput("", args);
	}

	private static String runWithInput(String input, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = WalletCli.run(args, new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), null);
		return (exit == 0 ? "" : "exit " + exit + " ") + out.toString(StandardCharsets.UTF_8);
	}

}
