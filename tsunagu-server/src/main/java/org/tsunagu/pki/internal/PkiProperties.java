package org.tsunagu.pki.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the CA is set up.
 *
 * @param keystore {@code pkcs12} (a file in the data directory) or {@code pkcs11} (a token)
 * @param keystorePassword the PKCS#12 file's password; when empty, one is generated into the data directory
 * @param pkcs11Library the PKCS#11 module, such as {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param pkcs11Slot the token's slot id (softhsm2-util prints it when it initialises a token)
 * @param pkcs11Pin the token's user PIN
 * @param ceremony {@code auto}: run the key ceremony on first start of the embedded database; {@code true} or
 * {@code false} decide for any database
 * @param minimumAssurance the lowest level of assurance a resident needs to get a card
 */
@ConfigurationProperties("tsunagu.pki")
record PkiProperties(@DefaultValue("pkcs12") String keystore, @DefaultValue("") String keystorePassword,
		@DefaultValue("") Path pkcs11Library, @DefaultValue("0") long pkcs11Slot, @DefaultValue("") String pkcs11Pin,
		@DefaultValue("auto") String ceremony, @DefaultValue("IAL3") String minimumAssurance) {
}
