package org.tsunagu.wallet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A card whose keys are in a PKCS#11 token (SoftHSM2): generated inside, not extractable, signing through the
 * token, and refusing a wrong PIN. Skipped where SoftHSM2 is missing, unless {@code TSUNAGU_REQUIRE_SOFTHSM} is set.
 */
class TokenCardTest {

	static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

	static long slot;

	@TempDir
	Path dir;

	@BeforeAll
	static void initToken() throws Exception {
		if (System.getenv("TSUNAGU_REQUIRE_SOFTHSM") != null) {
			assertThat(LIBRARY).as("SoftHSM2 (Debian package softhsm2) is required here").exists();
		}
		assumeTrue(Files.exists(LIBRARY), "SoftHSM2 is not installed");
		Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
		Path tokens = conf.resolveSibling("softhsm-tokens");
		Files.createDirectories(tokens);
		Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
		Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label",
				"card-" + System.nanoTime(), "--pin", "7531", "--so-pin", "86428642").redirectErrorStream(true).start();
		String output = new String(init.getInputStream().readAllBytes());
		assertThat(init.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(init.exitValue()).as(output).isZero();
		slot = Long.parseLong(output.replaceAll("(?s).*reassigned to slot (\\d+).*", "$1"));
	}

	@Test
	void createInTokenWhenRightPinThenSignsInsideTheTokenAndKeyIsNotExtractable() throws Exception {
		SoftwareCard card = SoftwareCard.createInToken(this.dir, LIBRARY, slot, "7531".toCharArray());
		assertThat(this.dir.resolve("auth.key")).doesNotExist();

		KeyPair pair = SoftwareCard.open(this.dir).unlock(Slot.SIGNING, "7531".toCharArray());
		assertThat(pair.getPrivate().getEncoded()).isNull();
		Signature signer = Signature.getInstance("SHA256withECDSA", card.provider());
		signer.initSign(pair.getPrivate());
		signer.update("申請書".getBytes());
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(card.publicKey(Slot.SIGNING));
		verifier.update("申請書".getBytes());
		assertThat(verifier.verify(signature)).isTrue();
		assertThat(Csrs.pem(pair, card.provider())).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
	}

	@Test
	void unlockWhenWrongTokenPinThenCountedAndRefused() {
		SoftwareCard.createInToken(this.dir, LIBRARY, slot, "7531".toCharArray());
		assertThatThrownBy(() -> SoftwareCard.open(this.dir).unlock(Slot.AUTHENTICATION, "0000".toCharArray()))
			.hasMessageContaining("Wrong PIN");
		assertThat(SoftwareCard.open(this.dir).remainingTries(Slot.AUTHENTICATION)).isEqualTo(2);
	}

}
