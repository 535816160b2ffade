package org.tsunagu.exchange.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.tsunagu.platform.CryptoProviders;
import org.tsunagu.platform.SigningKeyFiles;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.stereotype.Component;

/**
 * The exchange's signed messages: compact JWS with an explicit {@code typ} (RFC 8725), asymmetric algorithms only
 * ({@code none} and HMAC are never accepted), each checked against the keys its signer registered. The hub signs
 * with its own ES256 key ({@code <data dir>/keys/exchange-signing-key.p8}), published at
 * {@code /api/v1/exchange/jwks}.
 */
@Component
class SignedMessages {

	static final String REQUEST = "exchange-request+jwt";

	static final String RESPONSE = "exchange-response+jwt";

	static final String RESULT = "exchange-result+jwt";

	static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.PS256,
			JWSAlgorithm.PS384, JWSAlgorithm.PS512);

	private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

	/** How long an organisation's registered keys are used before they are read again. */
	static final java.time.Duration KEYS_KEPT = java.time.Duration.ofMinutes(1);

	private final JsonMapper json;

	private final ECKey key;

	private final org.tsunagu.oidc.ServiceClients clients;

	/** Each organisation's keys as read, with the verifiers made from them (by key id and algorithm). */
	private record Keys(JWKSet set, java.time.Instant read, java.util.concurrent.ConcurrentMap<String, List<JWSVerifier>> verifiers) {
	}

	private final java.util.concurrent.ConcurrentMap<String, Keys> keys = new java.util.concurrent.ConcurrentHashMap<>();

	private final ThreadLocal<ECDSASigner> signers;

	SignedMessages(JsonMapper json, TsunaguProperties properties, org.tsunagu.oidc.ServiceClients clients) {
		this.json = json;
		this.clients = clients;
		this.key = SigningKeyFiles.loadOrCreate(properties.dataDir().resolve("keys"), "exchange-signing-key");
		this.signers = ThreadLocal.withInitial(() -> {
			try {
				ECDSASigner signer = new ECDSASigner(this.key);
				signer.getJCAContext().setProvider(CryptoProviders.ecdsa());
				return signer;
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** The hub's published key set. */
	Map<String, Object> keys() {
		return new JWKSet(this.key.toPublicJWK()).toJSONObject(true);
	}

	ObjectNode object() {
		return this.json.createObjectNode();
	}

	/** Signs the payload as the hub. */
	String sign(String type, ObjectNode payload) {
		JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type))
			.keyID(this.key.getKeyID())
			.build(), new Payload(this.json.writeValueAsBytes(payload)));
		try {
			jws.sign(this.signers.get());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("The hub's key cannot sign", ex);
		}
		return jws.serialize();
	}

	/** Why a message is not accepted; never quotes it. */
	static final class Rejected extends Exception {

		Rejected(String reason) {
			super(reason, null, false, false);
		}

	}

	/**
	 * Verifies a compact JWS of the given type against the keys the organisation's client registered (read again
	 * after {@link #KEYS_KEPT}) and answers its payload, a JSON object.
	 */
	JsonNode verify(String compact, String clientId, String type) throws Rejected {
		JWSObject jws;
		try {
			jws = JWSObject.parse(compact);
		}
		catch (java.text.ParseException ex) {
			throw new Rejected("It is not a compact JWS.");
		}
		JWSHeader header = jws.getHeader();
		if (!ALGORITHMS.contains(header.getAlgorithm())) {
			throw new Rejected("It is not signed with an accepted algorithm (ES256, ES384, PS256, PS384, PS512).");
		}
		if (header.getType() == null || !type.equals(header.getType().getType())) {
			throw new Rejected("Its typ header is not " + type + ".");
		}
		if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
			throw new Rejected("It names critical header parameters the hub does not understand.");
		}
		boolean verified = false;
		for (JWSVerifier verifier : verifiers(clientId, header)) {
			try {
				if (jws.verify(verifier)) {
					verified = true;
					break;
				}
			}
			catch (JOSEException | IllegalStateException ex) {
				// a key that does not fit the algorithm: try the next
			}
		}
		if (!verified) {
			throw new Rejected("Its signature does not verify with the signer's registered keys.");
		}
		JsonNode payload;
		try {
			payload = this.json.readTree(jws.getPayload().toBytes());
		}
		catch (RuntimeException ex) {
			throw new Rejected("Its payload is not JSON.");
		}
		if (payload == null || !payload.isObject()) {
			throw new Rejected("Its payload is not a JSON object.");
		}
		return payload;
	}

	/** The verifiers of the organisation's keys that fit the header's key id (any, without one) and algorithm. */
	private List<JWSVerifier> verifiers(String clientId, JWSHeader header) {
		java.time.Instant now = java.time.Instant.now();
		Keys known = this.keys.get(clientId);
		if (known == null || known.read().plus(KEYS_KEPT).isBefore(now)) {
			known = new Keys(this.clients.keys(clientId).orElse(new JWKSet()), now, new java.util.concurrent.ConcurrentHashMap<>());
			this.keys.put(clientId, known);
		}
		JWKSet set = known.set();
		if ((header.getKeyID() != null && set.getKeyByKeyId(header.getKeyID()) == null)
				|| !ALGORITHMS.contains(header.getAlgorithm())) {
			// a key id the organisation never registered: nothing to try, and nothing kept for it
			return List.of();
		}
		return known.verifiers().computeIfAbsent(header.getKeyID() + " " + header.getAlgorithm(), (k) -> set.getKeys()
			.stream()
			.filter((key) -> header.getKeyID() == null || header.getKeyID().equals(key.getKeyID()))
			.filter((key) -> key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
			.<JWSVerifier>mapMulti((key, out) -> {
				try {
					out.accept(VERIFIERS.createJWSVerifier(header, switch (key) {
						case ECKey ec -> ec.toECPublicKey();
						case com.nimbusds.jose.jwk.RSAKey rsa -> rsa.toRSAPublicKey();
						default -> throw new JOSEException("unsupported key type");
					}));
				}
				catch (JOSEException ex) {
					// a key that does not fit the algorithm
				}
			})
			.toList());
	}

	/** {@code sha-256:} and the base64url SHA-256 of a message as sent. */
	static String hash(String compact) {
		try {
			return "sha-256:" + Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(compact.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
