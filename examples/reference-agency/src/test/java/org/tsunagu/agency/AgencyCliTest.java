package org.tsunagu.agency;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference agency's command line: usage for a wrong command, one sentence for a wrong option or file. */
class AgencyCliTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@TempDir
	Path dir;

	private int run(String... args) {
		return new AgencyCli(new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8))
			.run(args);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void runWhenNoCommandOrAnUnknownOneOrADanglingOptionThenUsage() {
		assertThat(run()).isEqualTo(2);
		assertThat(run("delete", "--agency", "x.json")).isEqualTo(2);
		assertThat(run("codes", "--agency")).isEqualTo(2);
		assertThat(run("codes", "agency", "x.json")).isEqualTo(2);
		assertThat(err()).contains("usage: serve").doesNotContain("Exception");
		assertThat(this.out.size()).isZero();
	}

	@Test
	void runWhenTheAgencyFileIsMissingUnreadableOrIncompleteThenOneSentence() throws Exception {
		assertThat(run("codes")).isEqualTo(1);
		assertThat(err()).contains("--agency is required.");
		assertThat(run("codes", "--agency", this.dir.resolve("absent.json").toString())).isEqualTo(1);
		Path garbage = Files.writeString(this.dir.resolve("garbage.json"), "<script>alert(1)</script>");
		assertThat(run("codes", "--agency", garbage.toString())).isEqualTo(1);
		Path keyless = Files.writeString(this.dir.resolve("keyless.json"), "{\"clientId\":\"rp_x\"}");
		assertThat(run("codes", "--agency", keyless.toString())).isEqualTo(1);
		assertThat(err()).contains("Cannot read the agency file").doesNotContain("\tat ");
		assertThat(this.out.size()).isZero();
	}

	@Test
	void codesWhenTheFileHoldsRecordsThenTheirLabelsAndCodes() throws Exception {
		String key = new ECKeyGenerator(Curve.P_256).keyID("k").generate().toJSONString();
		Path file = Files.writeString(this.dir.resolve("tax-office.json"), """
				{"clientId":"rp_x","privateJwk":%s,"records":[{"label":"demo-card-holder","code":"ac_1","data":{}}]}"""
			.formatted(key));
		assertThat(run("codes", "--agency", file.toString())).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEqualTo("demo-card-holder\tac_1" + System.lineSeparator());
	}

	@Test
	void requestWhenNoSubjectIsNamedThenOneSentenceAndNothingSent() throws Exception {
		String key = new ECKeyGenerator(Curve.P_256).keyID("k").generate().toJSONString();
		Path file = Files.writeString(this.dir.resolve("city.json"), """
				{"clientId":"rp_x","privateJwk":%s,"records":[]}""".formatted(key));
		// no server listens at this address: the options are checked before anything is sent
		assertThat(run("request", "--server", "http://127.0.0.1:9", "--agency", file.toString(), "--subject-label",
				"nobody", "--provider", "x", "--item", "income-certificate", "--purpose", "child-allowance")).isEqualTo(1);
		assertThat(err()).contains("no record labelled nobody");
	}

}
