package org.tsunagu.platform;

import java.security.Provider;
import java.security.Security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider the server signs with: the Amazon Corretto Crypto Provider (AWS-LC) where its native library
 * loads and passes its self-tests, the JDK's SunEC elsewhere. Measured here, ECDSA P-256 signing is about eight
 * times faster with it (docs/performance.md). Where it loads it is also installed as the first provider, so that
 * libraries that ask for an algorithm by name (Nimbus and Spring Security verifying ES256 client assertions and
 * DPoP proofs, AES-GCM) get it too; algorithms it lacks fall through to the JDK's providers (decision 0012).
 */
public final class CryptoProviders {

	private static final Logger log = LoggerFactory.getLogger(CryptoProviders.class);

	private static final Provider ECDSA = choose();

	private CryptoProviders() {
	}

	/** The provider for ECDSA signatures and key pairs made in software. */
	public static Provider ecdsa() {
		return ECDSA;
	}

	private static Provider choose() {
		try {
			Provider accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
			Throwable error = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
			if (error == null) {
				com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
				if (!Boolean.getBoolean("tsunagu.crypto.jdk-first")) {
					com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.install();
				}
				log.info("Signing with the Amazon Corretto Crypto Provider {}", accp.getVersionStr());
				return accp;
			}
			log.info("The Amazon Corretto Crypto Provider does not load here ({}); signing with SunEC",
					error.getClass().getSimpleName());
		}
		catch (LinkageError | RuntimeException ex) {
			log.info("The Amazon Corretto Crypto Provider is not available ({}); signing with SunEC",
					ex.getClass().getSimpleName());
		}
		return Security.getProvider("SunEC");
	}

}
