package org.tsunagu.wallet.credentials;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * Takes the credentials of an offer with the pre-authorized code grant, as an OpenID4VCI 1.0 wallet: the token
 * endpoint with the transaction code and a DPoP proof, a {@code c_nonce} from the nonce endpoint, one new holder
 * key and one {@code openid4vci-proof+jwt} per copy, the credential endpoint; then every credential checked
 * ({@link CredentialChecks}) and bound to one of the new keys ({@code cnf.jwk}) before any is kept. The holder keys
 * are sealed before the offer is redeemed, so that a wrong PIN spends nothing of the offer.
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html#section-6">OpenID4VCI 1.0 sections 6 to 8</a>
 */
public final class CredentialReceiver {

	/** The most copies one offer gives: as many as the issuer's batch, and no more than ten. */
	public static final int MAX_COPIES = 10;

	private final Wire wire;

	private final Clock clock;

	private final HolderProofs proofs;

	public CredentialReceiver(HttpClient http, Clock clock) {
		this.wire = new Wire(http);
		this.clock = clock;
		this.proofs = new HolderProofs(clock);
	}

	/** An offer read and its issuer's metadata checked; nothing asked of the person, nothing redeemed. */
	public static final class Offered {

		private final CredentialOffer offer;

		private final IssuerMetadata metadata;

		private Offered(CredentialOffer offer, IssuerMetadata metadata) {
			this.offer = offer;
			this.metadata = metadata;
		}

		public CredentialOffer offer() {
			return this.offer;
		}

		/** The offered configurations' names, by id. */
		public Map<String, String> names() {
			Map<String, String> names = new LinkedHashMap<>();
			this.offer.configurationIds().forEach((id) -> names.put(id, this.metadata.configurations().get(id).name()));
			return names;
		}

	}

	/** Reads an offer (by value or reference) and its issuer's and authorization server's metadata. */
	public Offered read(String offer) {
		CredentialOffer parsed = CredentialOffer.parse(offer, (uri) -> this.wire.getJson("The offer", uri));
		return new Offered(parsed, IssuerMetadata.read(this.wire, parsed));
	}

	/**
	 * Redeems the offer and takes {@code copies} of each offered credential, each checked; nothing is kept here.
	 * @param txCode the transaction code the person typed, or {@code null} when the offer needs none
	 * @param sealer seals the new holder keys (under the card's PIN, which it checks first)
	 */
	public List<StoredCredential> receive(Offered offered, String txCode, int copies,
			Function<List<PrivateKey>, List<byte[]>> sealer) {
		IssuerMetadata metadata = offered.metadata;
		if (copies < 1 || copies > Math.min(MAX_COPIES, metadata.batchSize())) {
			throw new WalletException("The issuer gives 1 to " + Math.min(MAX_COPIES, metadata.batchSize()) + " copies at once.");
		}
		CredentialOffer.TxCode shape = offered.offer.txCode();
		if (shape != null && (txCode == null || !shape.accepts(txCode))) {
			throw new WalletException("That is not the transaction code: " + shape.prompt() + ".");
		}
		Map<String, List<KeyPair>> keys = new LinkedHashMap<>();
		List<PrivateKey> all = new ArrayList<>();
		for (String id : offered.offer.configurationIds()) {
			keys.put(id, newKeys(copies));
			keys.get(id).forEach((k) -> all.add(k.getPrivate()));
		}
		List<byte[]> sealed = sealer.apply(all);
		DpopKey dpop = new DpopKey(this.clock);
		String token = token(dpop, metadata, offered.offer, shape == null ? null : txCode);
		CredentialChecks checks = new CredentialChecks(new IssuerKeys(this.wire, this.clock), this.clock);
		List<StoredCredential> received = new ArrayList<>();
		for (String id : offered.offer.configurationIds()) {
			IssuerMetadata.Configuration configuration = metadata.configurations().get(id);
			List<KeyPair> holderKeys = keys.get(id);
			List<String> credentials = credentials(dpop, metadata, token, id, holderKeys);
			for (String credential : credentials) {
				SdJwtVc checked = checks.verify(credential, metadata.credentialIssuer(), configuration.vct());
				int key = holderKey(checked, holderKeys);
				received.add(new StoredCredential(null, id, configuration.name(), checked.issuer(), checked.vct(),
						checked.expiresAt(), this.clock.instant(), SdJwtVc.names(checked.claims()), credential,
						sealed.get(all.indexOf(holderKeys.get(key).getPrivate()))));
				holderKeys.set(key, null);
			}
		}
		return received;
	}

	private String token(DpopKey dpop, IssuerMetadata metadata, CredentialOffer offer, String txCode) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", CredentialOffer.PRE_AUTHORIZED);
		form.put("pre-authorized_code", offer.preAuthorizedCode());
		if (txCode != null) {
			form.put("tx_code", txCode);
		}
		HttpResponse<String> response = dpop.post(this.wire, metadata.tokenEndpoint(), null,
				(request) -> request.header("Content-Type", "application/x-www-form-urlencoded")
					.header("Accept", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(Wire.form(form))));
		if (response.statusCode() != 200) {
			throw new WalletException("The issuer did not redeem the offer: " + Wire.problem(response) + ".");
		}
		JsonNode answer = Wire.object("The token endpoint's answer", response.body());
		if (!answer.path("access_token").isString() || !"DPoP".equalsIgnoreCase(answer.path("token_type").asString(""))) {
			throw new WalletException("The issuer's token is not a DPoP-bound access token; it is not used.");
		}
		return answer.path("access_token").asString();
	}

	private List<String> credentials(DpopKey dpop, IssuerMetadata metadata, String token, String id, List<KeyPair> holderKeys) {
		String nonce = null;
		if (metadata.nonceEndpoint() != null) {
			HttpResponse<String> answer = this.wire.send(HttpRequest.newBuilder(Wire.checked("The nonce endpoint", metadata.nonceEndpoint()))
				.POST(HttpRequest.BodyPublishers.noBody()));
			nonce = answer.statusCode() == 200 ? Wire.object("The nonce endpoint's answer", answer.body()).path("c_nonce").asString(null) : null;
			if (nonce == null) {
				throw new WalletException("The issuer's nonce endpoint gave no c_nonce: " + Wire.problem(answer) + ".");
			}
		}
		List<String> jwts = new ArrayList<>();
		for (KeyPair key : holderKeys) {
			jwts.add(this.proofs.proof(key, metadata.credentialIssuer(), nonce));
		}
		Map<String, Object> body = Map.of("credential_configuration_id", id, "proofs", Map.of("jwt", jwts));
		HttpResponse<String> response = dpop.post(this.wire, metadata.credentialEndpoint(), token,
				(request) -> request.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(Wire.JSON.writeValueAsString(body))));
		if (response.statusCode() == 202) {
			// OpenID4VCI section 9: deferred, with a transaction_id for the deferred credential endpoint
			throw new WalletException("The issuer will issue " + id + " later (deferred issuance), which this wallet does not "
					+ "wait for yet; nothing was kept. Ask for a new offer in a while.");
		}
		if (response.statusCode() != 200) {
			throw new WalletException("The issuer did not issue " + id + ": " + Wire.problem(response) + ".");
		}
		List<String> credentials = new ArrayList<>();
		for (JsonNode c : Wire.object("The credential endpoint's answer", response.body()).path("credentials")) {
			credentials.add(c.path("credential").asString(""));
		}
		if (credentials.size() != holderKeys.size()) {
			throw new WalletException("The issuer sent " + credentials.size() + " " + id + " credentials for "
					+ holderKeys.size() + " proofs.");
		}
		return credentials;
	}

	/** Which of the new keys the credential is bound to; each key binds one credential. */
	private static int holderKey(SdJwtVc credential, List<KeyPair> keys) {
		try {
			String bound = ECKey.parse(Wire.JSON.writeValueAsString(credential.holderJwk())).computeThumbprint().toString();
			for (int i = 0; i < keys.size(); i++) {
				if (keys.get(i) != null && new ECKey.Builder(Curve.P_256, (ECPublicKey) keys.get(i).getPublic()).build()
					.computeThumbprint().toString().equals(bound)) {
					return i;
				}
			}
		}
		catch (java.text.ParseException | JOSEException | RuntimeException ex) {
			throw new WalletException("The credential names no holder key (cnf.jwk).");
		}
		throw new WalletException("The credential is bound to a key (cnf.jwk) that is not one of this wallet's new keys.");
	}

	private static List<KeyPair> newKeys(int count) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			List<KeyPair> keys = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				keys.add(generator.generateKeyPair());
			}
			return keys;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
