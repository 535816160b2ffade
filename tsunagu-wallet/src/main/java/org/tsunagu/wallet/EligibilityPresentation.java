package org.tsunagu.wallet;

import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the patient's card gives the clinic for an eligibility check: the clinic's one-time challenge signed with
 * the card's authentication key (a compact JWS, ES256, the authentication certificate in {@code x5c}), saying
 * how the holder unlocked the key, and which histories the patient agrees to share with this clinic: the clinic
 * records only a consent the patient signed. It carries no number and no name: the server finds the rest.
 */
public final class EligibilityPresentation {

	public static final String TYPE = "tsunagu-presentation+jwt";

	private EligibilityPresentation() {
	}

	/**
	 * @param method how the holder unlocked the authentication key: {@code pin} here (a face check at the
	 * clinic's reader is the other method the server records)
	 */
	public static String make(String challenge, String method, KeyPair card, Provider provider, X509Certificate certificate) {
		return make(challenge, method, card, provider, certificate, java.util.List.of());
	}

	/** What a patient may agree to share with the clinic in the same step. */
	public static final java.util.Set<String> CONSENTS = java.util.Set.of("medicationHistory", "checkupHistory");

	/**
	 * @param consents what the patient agrees, with the card, to share with this clinic: {@code medicationHistory},
	 * {@code checkupHistory}
	 */
	public static String make(String challenge, String method, KeyPair card, Provider provider, X509Certificate certificate,
			java.util.List<String> consents) {
		for (String consent : consents) {
			if (!CONSENTS.contains(consent)) {
				throw new WalletException("A consent is medicationHistory or checkupHistory.");
			}
		}
		if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{16,128}")) {
			throw new WalletException("That is not a challenge from a clinic (letters, digits, - and _ only).");
		}
		JsonMapper json = JsonMapper.builder().build();
		ObjectNode header = json.createObjectNode().put("alg", "ES256").put("typ", TYPE);
		try {
			header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
		}
		catch (CertificateEncodingException ex) {
			throw new WalletException("The card's certificate cannot be read.", ex);
		}
		ObjectNode claims = json.createObjectNode()
			.put("challenge", challenge)
			.put("method", method)
			.put("iat", Instant.now().getEpochSecond());
		if (!consents.isEmpty()) {
			consents.stream().distinct().forEach(claims.putArray("consents")::add);
		}
		return CardJws.sign(json, header, claims, card.getPrivate(), provider);
	}

}
