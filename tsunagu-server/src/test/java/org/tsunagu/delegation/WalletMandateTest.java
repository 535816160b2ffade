package org.tsunagu.delegation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.oidc.TestRelyingParty;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.cli.WalletCli;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wallet's mandate commands against the running server, as the card holder types them: Katsuko gives Lan a
 * mandate at a bank that accepts proxies, reads its document, signs it with her card's signing key, lists it, and
 * withdraws it; a wrong signing PIN signs nothing and the draft waits for {@code mandate-sign}; a refused draft is
 * answered in the platform's words and leaves nothing behind. Lan's individual number is never printed.
 */
@TsunaguTest
class WalletMandateTest {

	static final String SIGN_PIN = "Sign2026";

	static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	String katsuko;

	String katsukoNumber;

	Path katsukoCard;

	String lan;

	String lanNumber;

	Path lanCard;

	String bank;

	String until;

	record Run(int exit, String output) {
	}

	@BeforeEach
	void people() throws Exception {
		JsonNode enrolled = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody();
		this.katsuko = enrolled.get("id").asString();
		this.katsukoNumber = enrolled.get("individualNumber").asString();
		this.katsukoCard = TestCards.forResident(this.api, this.katsuko, this.dir.resolve("katsuko")).dir();
		JsonNode lan = this.api.postJson("/api/v1/residents", TestResidents.lanFromVietnam()).jsonBody();
		this.lan = lan.get("id").asString();
		this.lanNumber = lan.get("individualNumber").asString();
		this.lanCard = TestCards.forResident(this.api, this.lan, this.dir.resolve("lan")).dir();
		this.bank = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"birthdate\"]", "high",
				"\"acceptsProxies\":true").clientId;
		this.until = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusMonths(6).toString();
	}

	@Test
	void mandateWhenSignedWithTheCardThenActiveListedAndWithdrawn() {
		Run given = mandate(TestCards.AUTH_PIN + "\n" + SIGN_PIN + "\n", this.lanNumber, "1998-06-15", this.bank, this.until);
		assertThat(given.exit()).as(given.output()).isZero();
		assertThat(given.output()).contains("The mandate you are about to sign (")
			.contains("  given by:   髙橋 " + TestResidents.KATSUKO + " (you)")
			.contains("  to:         NGUYEN Thi Lan, who may then act for you")
			.contains("  at:         Sakura Bank (" + this.bank + ")")
			.contains("  releasing:  profile, birthdate")
			.contains("  until:      " + this.until + " (the last day it holds)")
			.containsPattern("Mandate " + ID + " given: NGUYEN Thi Lan may act for you at Sakura Bank until " + this.until + "\\.")
			.doesNotContain(this.lanNumber);
		String id = id(given.output(), "Mandate (" + ID + ") given");
		JsonNode mandate = only(this.api.get("/api/v1/residents/" + this.katsuko + "/delegations").jsonBody().get("forMe"));
		assertThat(mandate.get("id").asString()).isEqualTo(id);
		assertThat(mandate.get("status").asString()).isEqualTo("active");
		assertThat(mandate.get("kind").asString()).isEqualTo("mandate");
		assertThat(mandate.get("proxy").get("id").asString()).isEqualTo(this.lan);
		assertThat(mandate.get("validUntil").asString()).isEqualTo(this.until);

		Run mine = wallet(TestCards.AUTH_PIN + "\n", "delegations", "--card-dir", this.katsukoCard.toString(), "--server", server());
		assertThat(mine.exit()).as(mine.output()).isZero();
		assertThat(mine.output()).contains("Who may act for you:\n  " + id + "  mandate: NGUYEN Thi Lan for you at Sakura Bank; "
				+ "releasing profile, birthdate; until " + this.until + " [active]")
			.contains("For whom you may act:\n  no one")
			.contains("  " + this.bank + "  Sakura Bank");
		Run hers = wallet(TestCards.AUTH_PIN + "\n", "delegations", "--card-dir", this.lanCard.toString(), "--server", server());
		assertThat(hers.exit()).as(hers.output()).isZero();
		assertThat(hers.output()).contains("For whom you may act:\n  " + id + "  mandate: you for 髙橋 " + TestResidents.KATSUKO
				+ " at Sakura Bank");

		Run ended = wallet(TestCards.AUTH_PIN + "\n", "mandate-end", "--card-dir", this.katsukoCard.toString(), "--server",
				server(), "--delegation", id);
		assertThat(ended.exit()).as(ended.output()).isZero();
		assertThat(ended.output()).contains("Delegation " + id + " ended: NGUYEN Thi Lan no longer acts for you.");
		JsonNode withdrawn = only(this.api.get("/api/v1/residents/" + this.katsuko + "/delegations").jsonBody().get("forMe"));
		assertThat(withdrawn.get("status").asString()).isEqualTo("ended");
		assertThat(withdrawn.get("endReason").asString()).isEqualTo("withdrawn");

		Run again = wallet(TestCards.AUTH_PIN + "\n", "mandate-end", "--card-dir", this.katsukoCard.toString(), "--server",
				server(), "--delegation", id);
		assertThat(again.exit()).isEqualTo(1);
		assertThat(again.output()).isEqualTo("error: This delegation has ended already.\n");
	}

	@Test
	void mandateWhenWrongSigningPinThenNothingSignedAndItWaitsForMandateSign() {
		Run wrong = mandate(TestCards.AUTH_PIN + "\nSign2027\n", this.lanNumber, "1998-06-15", this.bank, this.until);
		assertThat(wrong.exit()).as(wrong.output()).isEqualTo(1);
		assertThat(wrong.output()).contains("  to:         NGUYEN Thi Lan")
			.contains("error: Wrong PIN. 4 tries left. Nothing was signed; the mandate waits for your signature: "
					+ "mandate-sign --mandate ")
			.doesNotContain(this.lanNumber);
		String id = id(wrong.output(), "mandate-sign --mandate (" + ID + ")");
		JsonNode draft = only(this.api.get("/api/v1/residents/" + this.katsuko + "/delegations").jsonBody().get("forMe"));
		assertThat(draft.get("id").asString()).isEqualTo(id);
		assertThat(draft.get("status").asString()).isEqualTo("awaiting-signature");
		// a draft is not the proxy's business until it is signed
		assertThat(this.api.get("/api/v1/residents/" + this.lan + "/delegations").jsonBody().get("byMe")).isEmpty();

		// the proxy cannot sign it: the mandate is not hers to give
		Run notHers = wallet(TestCards.AUTH_PIN + "\n" + SIGN_PIN + "\n", "mandate-sign", "--card-dir", this.lanCard.toString(),
				"--server", server(), "--mandate", id);
		assertThat(notHers.exit()).isEqualTo(1);
		assertThat(notHers.output()).isEqualTo("error: You gave no mandate " + id + "; delegations lists yours.\n");

		Run signed = wallet(TestCards.AUTH_PIN + "\n" + SIGN_PIN + "\n", "mandate-sign", "--card-dir",
				this.katsukoCard.toString(), "--server", server(), "--mandate", id);
		assertThat(signed.exit()).as(signed.output()).isZero();
		assertThat(signed.output()).contains("The mandate you are about to sign (" + id + "):")
			.contains("Mandate " + id + " given: NGUYEN Thi Lan may act for you at Sakura Bank until " + this.until + ".");
		assertThat(only(this.api.get("/api/v1/residents/" + this.katsuko + "/delegations").jsonBody().get("forMe"))
			.get("status").asString()).isEqualTo("active");

		Run twice = wallet(TestCards.AUTH_PIN + "\n" + SIGN_PIN + "\n", "mandate-sign", "--card-dir",
				this.katsukoCard.toString(), "--server", server(), "--mandate", id);
		assertThat(twice.exit()).isEqualTo(1);
		assertThat(twice.output()).isEqualTo("error: Mandate " + id + " is active: it awaits no signature.\n");

		// the proxy steps down
		Run down = wallet(TestCards.AUTH_PIN + "\n", "mandate-end", "--card-dir", this.lanCard.toString(), "--server",
				server(), "--delegation", id);
		assertThat(down.exit()).as(down.output()).isZero();
		assertThat(down.output()).contains("Delegation " + id + " ended: you no longer act for 髙橋 " + TestResidents.KATSUKO + ".");
		assertThat(only(this.api.get("/api/v1/residents/" + this.katsuko + "/delegations").jsonBody().get("forMe"))
			.get("endReason").asString()).isEqualTo("stepped-down");
	}

	@Test
	void mandateWhenRefusedThenThePlatformsWordsAndNothingDrafted() throws Exception {
		String farAway = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusYears(1).plusMonths(1).toString();
		Run tooLong = mandate(TestCards.AUTH_PIN + "\n" + SIGN_PIN + "\n", this.lanNumber, "1998-06-15", this.bank, farAway);
		assertThat(tooLong.exit()).isEqualTo(1);
		assertThat(tooLong.output()).isEqualTo("error: A mandate lasts at most a year.\n");

		String shop = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null).clientId;
		Run noProxies = mandate(TestCards.AUTH_PIN + "\n" + SIGN_PIN + "\n", this.lanNumber, "1998-06-15", shop, this.until);
		assertThat(noProxies.exit()).isEqualTo(1);
		assertThat(noProxies.output()).isEqualTo("error: This service does not accept proxies.\n");

		Run herself = mandate(TestCards.AUTH_PIN + "\n" + SIGN_PIN + "\n", this.katsukoNumber, "1984-04-02", this.bank, this.until);
		assertThat(herself.exit()).isEqualTo(1);
		assertThat(herself.output()).isEqualTo("error: A person cannot act for themselves through a delegation.\n");

		Run wrongBirthDate = mandate(TestCards.AUTH_PIN + "\n" + SIGN_PIN + "\n", this.lanNumber, "1998-06-16", this.bank, this.until);
		assertThat(wrongBirthDate.exit()).isEqualTo(1);
		assertThat(wrongBirthDate.output()).isEqualTo("error: No living resident has this individual number and date of birth.\n");

		assertThat(this.api.get("/api/v1/residents/" + this.katsuko + "/delegations").jsonBody().get("forMe")).isEmpty();
		assertThat(this.api.get("/api/v1/residents/" + this.lan + "/delegations").jsonBody().get("byMe")).isEmpty();
	}

	@Test
	void mandateWhenWrongAuthenticationPinThenNothingSent() {
		Run wrong = mandate("0000\n" + SIGN_PIN + "\n", this.lanNumber, "1998-06-15", this.bank, this.until);
		assertThat(wrong.exit()).isEqualTo(1);
		assertThat(wrong.output()).isEqualTo("error: Wrong PIN. 2 tries left.\n");
		assertThat(this.api.get("/api/v1/residents/" + this.katsuko + "/delegations").jsonBody().get("forMe")).isEmpty();
	}

	/** The mandate command as a person runs it: the proxy's number typed at its prompt, never on the command line. */
	Run mandate(String pins, String number, String birthDate, String services, String until) {
		return wallet(number + "\n" + pins, "mandate", "--card-dir", this.katsukoCard.toString(), "--server", server(),
				"--proxy-birth-date", birthDate, "--services", services, "--claims", "profile,birthdate", "--until", until);
	}

	String server() {
		return this.api.uri("").toString();
	}

	static Run wallet(String input, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = WalletCli.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), null);
		return new Run(exit, out.toString(StandardCharsets.UTF_8));
	}

	static String id(String output, String pattern) {
		Matcher matcher = Pattern.compile(pattern).matcher(output);
		assertThat(matcher.find()).as(output).isTrue();
		return matcher.group(1);
	}

	static JsonNode only(JsonNode delegations) {
		assertThat(delegations).hasSize(1);
		return delegations.get(0);
	}

}
