package org.tsunagu.credentials;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.oidc.TestRelyingParty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A wallet as another party would write it, on the wire only: redeems an offer's pre-authorized code at the token
 * endpoint with DPoP, asks the nonce endpoint, and sends proofs of possession to the credential endpoint.
 */
final class TestHolder {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final String issuer;

	final ECKey dpopKey;

	final List<ECKey> holderKeys = new ArrayList<>();

	String accessToken;

	TestHolder(String issuer) throws Exception {
		this.issuer = issuer;
		this.dpopKey = new ECKeyGenerator(Curve.P_256).generate();
	}

	/** A resident enrolled with a card, and the card's own wallet token (level high), as the person's side of a test. */
	record Person(String residentId, org.tsunagu.wallet.CardToken wallet, String individualNumber) {

		static Person enrol(org.tsunagu.TestApi api, java.nio.file.Path dir, String street) throws Exception {
			return enrolAs(api, dir, org.tsunagu.registry.TestResidents.katsukoAt(street + System.nanoTime() % 1000));
		}

		/** The person of an enrolment body, given a card and its wallet token. */
		static Person enrolAs(org.tsunagu.TestApi api, java.nio.file.Path dir, String enrolment) throws Exception {
			JsonNode enrolled = api.postJson("/api/v1/residents", enrolment).jsonBody();
			String resident = enrolled.get("id").asString();
			org.tsunagu.oidc.TestCards card = org.tsunagu.oidc.TestCards.forResident(api, resident, dir);
			org.tsunagu.wallet.CardToken wallet = new org.tsunagu.wallet.CardToken(java.net.http.HttpClient.newHttpClient());
			wallet.obtain(api.uri("").toString().replaceAll("/$", ""), card.authenticationKey(), null,
					card.card().certificate(org.tsunagu.wallet.Slot.AUTHENTICATION).orElseThrow());
			return new Person(resident, wallet, enrolled.get("individualNumber").asString());
		}

	}

	/** A holder that took {@code copies} of a credential offered by the card holder's wallet token. */
	static TestHolder take(org.tsunagu.wallet.CardToken wallet, String origin, String configuration, int copies, List<String> into)
			throws Exception {
		HttpResponse<String> created = wallet.postJson(origin + "/api/v1/me/credential-offers",
				JSON.writeValueAsString(Map.of("credentials", List.of(configuration))));
		JsonNode offer = JSON.readTree(created.body());
		TestHolder holder = new TestHolder(origin);
		holder.token(offer.path("offer").path("grants").path("urn:ietf:params:oauth:grant-type:pre-authorized_code")
			.path("pre-authorized_code").asString(), offer.get("txCode").asString());
		String nonce = holder.nonce();
		List<String> proofs = new ArrayList<>();
		for (int i = 0; i < copies; i++) {
			proofs.add(holder.proof(nonce));
		}
		into.addAll(credentials(holder.credential(configuration, proofs)));
		return holder;
	}

	HttpResponse<String> token(String code, String txCode) throws Exception {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "urn:ietf:params:oauth:grant-type:pre-authorized_code");
		form.put("pre-authorized_code", code);
		if (txCode != null) {
			form.put("tx_code", txCode);
		}
		String url = this.issuer + "/oauth2/token";
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("DPoP", TestRelyingParty.dpop(this.dpopKey, "POST", url, null))
			.POST(HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(form))));
		if (response.statusCode() == 200) {
			this.accessToken = JSON.readTree(response.body()).get("access_token").asString();
		}
		return response;
	}

	String nonce() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.issuer + "/credentials/nonce"))
			.POST(HttpRequest.BodyPublishers.noBody()));
		return JSON.readTree(response.body()).get("c_nonce").asString();
	}

	/** A proof with a new holder key, kept in {@link #holderKeys}. */
	String proof(String nonce) throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		this.holderKeys.add(key);
		return proof(key, JWSAlgorithm.ES256, this.issuer, new Date(), nonce);
	}

	static String proof(ECKey key, JWSAlgorithm alg, String audience, Date issuedAt, String nonce) throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().audience(audience).issueTime(issuedAt);
		if (nonce != null) {
			claims.claim("nonce", nonce);
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(new JOSEObjectType("openid4vci-proof+jwt"))
			.jwk(key.toPublicJWK())
			.build(), claims.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	HttpResponse<String> credential(String configuration, List<String> proofs) throws Exception {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("credential_configuration_id", configuration);
		body.put("proofs", Map.of("jwt", proofs));
		return credentialRequest(JSON.writeValueAsString(body));
	}

	HttpResponse<String> credentialRequest(String body) throws Exception {
		String url = this.issuer + "/api/v1/credentials/credential";
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.header("Authorization", "DPoP " + this.accessToken)
			.header("DPoP", TestRelyingParty.dpop(this.dpopKey, "POST", url, this.accessToken))
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * A presentation of a credential: the issuer-signed JWT, the disclosures of the named claims (top-level names,
	 * or {@code address.locality} for a member, which brings the object's own disclosure), and a key binding JWT.
	 */
	static String present(String credential, ECKey holderKey, List<String> claims, String audience, String nonce,
			Date issuedAt) throws Exception {
		com.authlete.sd.SDJWT sdJwt = com.authlete.sd.SDJWT.parse(credential);
		List<com.authlete.sd.Disclosure> chosen = new ArrayList<>();
		for (com.authlete.sd.Disclosure d : sdJwt.getDisclosures()) {
			for (String claim : claims) {
				String top = claim.contains(".") ? claim.substring(0, claim.indexOf('.')) : claim;
				String member = claim.contains(".") ? claim.substring(claim.indexOf('.') + 1) : null;
				if ((top.equals(d.getClaimName()) || (member != null && member.equals(d.getClaimName()))) && !chosen.contains(d)) {
					chosen.add(d);
				}
			}
		}
		StringBuilder presented = new StringBuilder(sdJwt.getCredentialJwt()).append('~');
		chosen.forEach((d) -> presented.append(d.getDisclosure()).append('~'));
		return presented + keyBinding(holderKey, presented.toString(), audience, nonce, issuedAt);
	}

	static String keyBinding(ECKey holderKey, String presented, String audience, String nonce, Date issuedAt) throws Exception {
		String sdHash = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
				java.security.MessageDigest.getInstance("SHA-256").digest(presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
		SignedJWT kb = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("kb+jwt")).build(),
				new JWTClaimsSet.Builder().audience(audience).issueTime(issuedAt).claim("nonce", nonce).claim("sd_hash", sdHash).build());
		kb.sign(new ECDSASigner(holderKey));
		return kb.serialize();
	}

	static List<String> credentials(HttpResponse<String> response) {
		List<String> credentials = new ArrayList<>();
		for (JsonNode c : JSON.readTree(response.body()).get("credentials")) {
			credentials.add(c.get("credential").asString());
		}
		return credentials;
	}

	static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
