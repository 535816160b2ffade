package org.tsunagu.pki.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PKCS#11 key store against SoftHSM2: CA keys generated inside the token, usable for signing, not extractable,
 * and still there after logging in again. SoftHSM reads {@code SOFTHSM2_CONF} (set by the build for the test JVM)
 * when the provider loads. Where SoftHSM2 is not installed the test is skipped, unless
 * {@code TSUNAGU_REQUIRE_SOFTHSM} is set, as CI sets it.
 */
class Pkcs11CaKeysTest {

	static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

	static final String PIN = "246810";

	@BeforeAll
	static void initToken() throws Exception {
		boolean required = System.getenv("TSUNAGU_REQUIRE_SOFTHSM") != null;
		if (required) {
			assertThat(LIBRARY).as("SoftHSM2 (Debian package softhsm2) is required here").exists();
		}
		assumeTrue(Files.exists(LIBRARY), "SoftHSM2 is not installed");
		Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
		Path tokens = conf.resolveSibling("softhsm-tokens");
		Files.createDirectories(tokens);
		Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
		Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label",
				"tsunagu-" + System.nanoTime(), "--pin", PIN, "--so-pin", "13579135").redirectErrorStream(true).start();
		String output = new String(init.getInputStream().readAllBytes());
		assertThat(init.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(init.exitValue()).as(output).isZero();
		slot = Long.parseLong(output.replaceAll("(?s).*reassigned to slot (\\d+).*", "$1"));
	}

	static long slot;

	@Test
	void generateWhenInTokenThenSignsAndKeyNeverLeavesTheToken() throws Exception {
		Pkcs11CaKeys keys = new Pkcs11CaKeys(LIBRARY, slot, PIN);
		CertificateProfiles profiles = new CertificateProfiles();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		X509Certificate[] root = new X509Certificate[1];
		keys.generate("root-ca", "secp384r1", (pair) -> {
			root[0] = profiles.root(new X500Name("CN=HSM Test Root"), pair.getPublic(), pair.getPrivate(), keys.provider(),
					now, now.plus(1, ChronoUnit.DAYS));
			return root;
		});
		root[0].verify(root[0].getPublicKey());

		PrivateKey key = keys.privateKey("root-ca");
		assertThat(key.getEncoded()).as("a sensitive, non-extractable key has no encoding").isNull();
		assertThat(key.toString()).contains("token").contains("sensitive");
		Signature signature = Signature.getInstance("SHA384withECDSA", keys.provider());
		signature.initSign(key);
		signature.update("ceremony".getBytes());
		byte[] signed = signature.sign();
		Signature verify = Signature.getInstance("SHA384withECDSA");
		verify.initVerify(root[0].getPublicKey());
		verify.update("ceremony".getBytes());
		assertThat(verify.verify(signed)).isTrue();
		assertThat(keys.contains("root-ca")).isTrue();
		assertThat(keys.kind()).isEqualTo("pkcs11");
	}

}
