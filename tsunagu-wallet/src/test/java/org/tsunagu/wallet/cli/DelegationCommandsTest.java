package org.tsunagu.wallet.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delegation commands' arguments, checked before the card is opened or a PIN asked: a usage answer (exit 2),
 * never quoting the proxy's individual number.
 */
class DelegationCommandsTest {

	static final String NUMBER = "123456789018";

	@TempDir
	Path dir;

	record Run(int exit, String output) {
	}

	Run wallet(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = WalletCli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8), null);
		return new Run(exit, out.toString(StandardCharsets.UTF_8));
	}

	String[] mandate(String number, String birthDate, String until) {
		return new String[] { "mandate", "--card-dir", this.dir.resolve("card").toString(), "--server", "http://localhost:1",
				"--proxy-number", number, "--proxy-birth-date", birthDate, "--services", "sakura-cid", "--claims",
				"profile,birthdate", "--until", until };
	}

	@Test
	void mandateWhenNumberMalformedThenUsageWithoutTheNumber() {
		Run run = wallet(mandate("1234567890189", "1998-06-15", "2026-11-01"));
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.output()).startsWith("--proxy-number is the proxy's individual number: exactly 12 digits")
			.contains("mandate --proxy-birth-date YYYY-MM-DD")
			.doesNotContain("1234567890189");
	}

	@Test
	void mandateWhenBirthDateMalformedThenUsageWithoutTheNumber() {
		Run run = wallet(mandate(NUMBER, "1998-6-15", "2026-11-01"));
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.output()).startsWith("--proxy-birth-date is a date written YYYY-MM-DD").doesNotContain(NUMBER);
	}

	@Test
	void mandateWhenArgumentsRightButNoCardThenErrorWithoutTheNumber() {
		Run run = wallet(mandate(NUMBER, "1998-06-15", "2026-11-01"));
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.output()).startsWith("error: No card in ").doesNotContain(NUMBER);
	}

	@Test
	void mandateSignWhenIdMissingOrMalformedThenUsage() {
		Run missing = wallet("mandate-sign", "--card-dir", this.dir.toString());
		assertThat(missing.exit()).isEqualTo(2);
		assertThat(missing.output()).startsWith("--mandate is required: the id delegations lists");
		Run malformed = wallet("mandate-sign", "--card-dir", this.dir.toString(), "--mandate", "../../cards");
		assertThat(malformed.exit()).isEqualTo(2);
		assertThat(malformed.output()).startsWith("--mandate is an id as delegations lists it");
	}

	@Test
	void mandateEndWhenIdMalformedThenUsage() {
		Run run = wallet("mandate-end", "--card-dir", this.dir.toString(), "--delegation", "42");
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.output()).startsWith("--delegation is an id as delegations lists it");
	}

	@Test
	void delegationsWhenNoCardThenError() {
		Run run = wallet("delegations", "--card-dir", this.dir.resolve("none").toString());
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.output()).startsWith("error: No card in ");
	}

}
