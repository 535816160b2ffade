package org.tsunagu.organisation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/** The demo data's organisations: each registered with a new P-256 key, whose private half the demo keeps. */
public final class DemoOrganisations {

	private DemoOrganisations() {
	}

	/** A registered demo organisation and its private key. */
	public record Registered(Organisation organisation, ECKey key) {
	}

	public static Registered register(Organisations organisations, String kind, String identifier, String en, String ja,
			String endpoint) {
		ECKey key;
		try {
			key = new ECKeyGenerator(Curve.P_256).keyID("demo-" + identifier).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		Organisation registered = organisations.register(kind, new Organisation.Names(en, ja), identifier,
				new JWKSet(key.toPublicJWK()).toJSONObject(), endpoint, "demo");
		return new Registered(registered, key);
	}


	/**
	 * Registers a demo organisation and writes its client id and private key to {@code <dir>/<file>.json}, readable by
	 * the owner only, for the examples that act as it.
	 */
	public static Organisation registerWithKeyFile(Organisations organisations, java.nio.file.Path dir, String file,
			String kind, String identifier, String en, String ja) {
		Registered registered = register(organisations, kind, identifier, en, ja, null);
		org.tsunagu.platform.SecretFiles.write(dir.resolve(file + ".json"), ("{\"clientId\":\"" + registered.organisation().clientId()
				+ "\",\"privateJwk\":" + registered.key().toJSONString() + "}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return registered.organisation();
	}

}
