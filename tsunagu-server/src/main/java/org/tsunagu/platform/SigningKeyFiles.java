package org.tsunagu.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;

/**
 * The platform's own P-256 signing keys that live in the data directory (the eligibility document key, the exchange
 * hub's key): made on first use, the private half in {@code <name>.p8} readable by the owner only, the public half
 * in {@code <name>.pub}, and the key id the JWK thumbprint (RFC 7638), so that a published key set names it stably.
 */
public final class SigningKeyFiles {

	private SigningKeyFiles() {
	}

	/** The key {@code name} in {@code dir}, created there when it does not exist yet. */
	public static ECKey loadOrCreate(Path dir, String name) {
		Path secret = dir.resolve(name + ".p8");
		Path open = dir.resolve(name + ".pub");
		try {
			KeyFactory factory = KeyFactory.getInstance("EC");
			if (!Files.exists(secret)) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec("secp256r1"));
				KeyPair pair = generator.generateKeyPair();
				Files.createDirectories(dir);
				SecretFiles.write(secret, Base64.getEncoder().encode(pair.getPrivate().getEncoded()));
				Files.write(open, Base64.getEncoder().encode(pair.getPublic().getEncoded()));
			}
			ECPrivateKey privateKey = (ECPrivateKey) factory
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readAllBytes(secret))));
			ECPublicKey publicKey = (ECPublicKey) factory
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readAllBytes(open))));
			return new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyIDFromThumbprint()
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the key " + name + " in " + dir, ex);
		}
		catch (java.security.GeneralSecurityException | JOSEException ex) {
			throw new IllegalStateException("EC P-256 is not available", ex);
		}
	}

}
