package org.tsunagu.wallet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;

/**
 * A SunPKCS11 provider for one token, configured so that the keys it generates are token objects, private,
 * sensitive and not extractable: the rule for every key Tsunagu keeps in a token, the card's and the CA's.
 */
public final class Pkcs11Tokens {

	private Pkcs11Tokens() {
	}

	public static Provider provider(String name, Path library, long slot) {
		if (!Files.isReadable(library)) {
			throw new IllegalStateException("The PKCS#11 module " + library + " is not readable");
		}
		return Security.getProvider("SunPKCS11").configure("""
				--name = %s
				library = %s
				slot = %d
				attributes(generate, CKO_PRIVATE_KEY, *) = {
				  CKA_TOKEN = true
				  CKA_PRIVATE = true
				  CKA_SENSITIVE = true
				  CKA_EXTRACTABLE = false
				}
				attributes(generate, CKO_PUBLIC_KEY, *) = {
				  CKA_TOKEN = true
				}
				""".formatted(name, library, slot));
	}

}
