package org.tsunagu.credentials;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.cli.WalletCli;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wallet's own credential commands against the running server, as the card holder types them: an offer made
 * with the card, {@code receive} with its transaction code and the card's PIN, {@code list}, {@code present} to a
 * shop that asks "over 20" (the shop learns that alone, the copy is used up), a second answer to the same request
 * refused, a presentation after the card is suspended refused as revoked, then {@code delete}.
 */
@TsunaguTest
class WalletCredentialCommandsTest {

	static final String OVER_20 = PresentationFlowTest.OVER_20;

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	@Test
	void walletWhenReceiveListPresentDeleteThenEachStepAgainstTheServer() throws Exception {
		String resident = this.api.postJson("/api/v1/residents", TestResidents.katsukoAt("有楽町2-" + System.nanoTime() % 1000))
			.jsonBody().get("id").asString();
		Path card = TestCards.forResident(this.api, resident, this.dir).dir();

		Run offered = wallet(TestCards.AUTH_PIN + "\n", "offer", "--card-dir", card.toString(), "--credential", "tsunagu_pid,tsunagu_age");
		assertThat(offered.exit()).as(offered.output()).isZero();
		Matcher code = Pattern.compile("Transaction code.*: (\\d{6})").matcher(offered.output());
		assertThat(code.find()).as(offered.output()).isTrue();
		String offer = offered.output().strip().lines().reduce((a, b) -> b).orElseThrow();
		assertThat(offer).startsWith("openid-credential-offer://");

		// a wrong transaction code: the server refuses it, nothing is kept, and the offer lives on
		String wrong = String.format("%06d", (Integer.parseInt(code.group(1)) + 1) % 1_000_000);
		Run refused = wallet(wrong + "\n" + TestCards.AUTH_PIN + "\n", "receive", offer, "--card-dir", card.toString(), "--copies", "2");
		assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
		assertThat(refused.output()).contains("error: The issuer did not redeem the offer: The transaction code is wrong");
		assertThat(copies(card)).isEmpty();

		Run received = wallet(code.group(1) + "\n" + TestCards.AUTH_PIN + "\n", "receive", offer, "--card-dir", card.toString());
		assertThat(received.exit()).as(received.output()).isZero();
		assertThat(received.output()).contains("Received Age (tsunagu_age) from " + origin() + ": 3 copies")
			.contains("claims: age_over_18, age_over_20, age_over_65")
			.contains("Received Personal identification (tsunagu_pid)");
		assertThat(copies(card)).hasSize(6);
		assertThat(Files.readString(copies(card).get(0))).doesNotContain("\"d\"").contains("holderKey");

		Run listed = wallet("", "list", "--card-dir", card.toString());
		assertThat(listed.exit()).as(listed.output()).isZero();
		assertThat(listed.output()).containsPattern("Age \\(tsunagu_age\\) from .*: 3 copies left, valid until .*, status valid; claims: age_over_18")
			.contains("Personal identification (tsunagu_pid)");

		TestOrganisations.Org shop = TestOrganisations.register(this.api, "verifier", "Sakura Liquor",
				"sakura-" + System.nanoTime() % 100000, "presentation:request");
		// the shop asks for the answer encrypted (direct_post.jwt)
		HttpResponse<String> encrypted = shop.send("POST", "/api/v1/presentations",
				EncryptedResponseTest.OVER_20_ENCRYPTED.formatted(origin()));
		assertThat(encrypted.statusCode()).as(encrypted.body()).isEqualTo(201);
		JsonNode request = TestHolder.JSON.readTree(encrypted.body());
		String link = request.get("authorizationRequest").asString();

		// a wrong PIN sends nothing and uses no copy
		Run wrongPin = wallet("0000\n", "present", link, "--card-dir", card.toString());
		assertThat(wrongPin.exit()).as(wrongPin.output()).isEqualTo(1);
		assertThat(wrongPin.output()).contains("error: Wrong PIN. 2 tries left. Nothing was sent.");
		assertThat(outcome(shop, request).get("status").asString()).isEqualTo("pending");
		assertThat(copies(card)).hasSize(6);

		Run presented = wallet(TestCards.AUTH_PIN + "\n", "present", link, "--card-dir", card.toString());
		assertThat(presented.exit()).as(presented.output()).isZero();
		assertThat(presented.output()).contains("Sakura Liquor (localhost) asks for:")
			.contains("    age_over_20: true")
			.doesNotContain("age_over_18: ")
			.contains("The answer goes encrypted to the verifier's key")
			.contains("accepted the presentation");
		JsonNode outcome = outcome(shop, request);
		assertThat(outcome.get("status").asString()).isEqualTo("verified");
		assertThat(TestHolder.JSON.writeValueAsString(outcome.path("credentials").path("age").path("claims")))
			.isEqualTo("{\"age_over_20\":true}");
		assertThat(copies(card)).hasSize(5);
		assertThat(wallet("", "list", "--card-dir", card.toString()).output()).contains("Age (tsunagu_age) from " + origin() + ": 2 copies left");

		// the request was answered: its object is gone, and nothing more is sent or used
		Run again = wallet(TestCards.AUTH_PIN + "\n", "present", link, "--card-dir", card.toString());
		assertThat(again.exit()).as(again.output()).isEqualTo(1);
		assertThat(again.output()).startsWith("error: The verifier's request cannot be fetched");
		assertThat(copies(card)).hasSize(5);

		// a shop asking for what no kept credential has
		HttpResponse<String> created = shop.send("POST", "/api/v1/presentations", OVER_20.formatted(origin()).replace("age_over_20", "age_over_21"));
		Run unanswerable = wallet(TestCards.AUTH_PIN + "\n", "present",
				TestHolder.JSON.readTree(created.body()).get("authorizationRequest").asString(), "--card-dir", card.toString());
		assertThat(unanswerable.output()).startsWith("error: No credential here answers the verifier's query age");
		assertThat(copies(card)).hasSize(5);

		// the card suspended: its credentials are revoked in the status list, and the verifier refuses the last copy
		String cardId = TestHolder.JSON.readTree(Files.readString(card.resolve("card.json"))).get("cardId").asString();
		assertThat(this.api.postJson("/api/v1/cards/" + cardId + "/suspend", "").status()).isEqualTo(200);
		assertThat(wallet("", "list", "--card-dir", card.toString()).output()).contains("status revoked");
		JsonNode late = ask(shop);
		Run revoked = wallet(TestCards.AUTH_PIN + "\n", "present", late.get("authorizationRequest").asString(), "--card-dir", card.toString());
		assertThat(revoked.exit()).as(revoked.output()).isEqualTo(1);
		assertThat(revoked.output()).contains("error: Sakura Liquor refused the presentation:").contains("(reason: revoked)");
		assertThat(outcome(shop, late).get("reason").asString()).isEqualTo("revoked");

		assertThat(copies(card)).hasSize(4);

		Run deleted = wallet("", "delete", "--card-dir", card.toString(), "--credential", "tsunagu_pid");
		assertThat(deleted.output()).contains("Deleted 3 copies of Personal identification (tsunagu_pid)");
		assertThat(wallet("", "delete", "--card-dir", card.toString(), "--credential", "tsunagu_pid").output())
			.isEqualTo("error: There is no tsunagu_pid credential to delete." + System.lineSeparator());
		assertThat(wallet("", "delete", "--all", "--card-dir", card.toString()).output()).contains("Deleted 1 copy of Age (tsunagu_age)");
		assertThat(copies(card)).isEmpty();
		assertThat(wallet("", "list", "--card-dir", card.toString()).output()).startsWith("No credentials in");
	}

	JsonNode ask(TestOrganisations.Org shop) throws Exception {
		HttpResponse<String> created = shop.send("POST", "/api/v1/presentations", OVER_20.formatted(origin()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return TestHolder.JSON.readTree(created.body());
	}

	JsonNode outcome(TestOrganisations.Org shop, JsonNode request) throws Exception {
		HttpResponse<String> read = shop.send("GET", "/api/v1/presentations/" + request.get("transactionId").asString(), null);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		return TestHolder.JSON.readTree(read.body());
	}

	static List<Path> copies(Path card) throws IOException {
		if (!Files.isDirectory(card.resolve("credentials"))) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(card.resolve("credentials"))) {
			return files.filter((f) -> f.toString().endsWith(".json")).sorted().toList();
		}
	}

	private static Run wallet(String stdin, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = WalletCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), null);
		return new Run(exit, out.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exit, String output) {
	}

}
