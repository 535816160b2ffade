package org.tsunagu.credentials;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Inflater;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectDecoder;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.registry.TestResidents;
import org.tsunagu.wallet.CardToken;
import org.tsunagu.wallet.Slot;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID4VCI issuance end to end on the wire: the person makes an offer from their own wallet or pages (signed in
 * with the card), a wallet redeems it with the transaction code, proves its keys and takes SD-JWT VCs whose
 * every claim is a disclosure, one unlinkable copy per proof; the status list says each is valid until the card is
 * suspended, and the person's log says who issued what.
 */
@TsunaguTest
class CredentialIssuanceTest {

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	CardToken wallet;

	String resident;

	@BeforeEach
	void setUp() throws Exception {
		TestHolder.Person person = TestHolder.Person.enrol(this.api, this.dir, "丸の内1-");
		this.resident = person.residentId();
		this.wallet = person.wallet();
	}

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	JsonNode offer(String... credentials) throws Exception {
		HttpResponse<String> created = this.wallet.postJson(origin() + "/api/v1/me/credential-offers",
				TestHolder.JSON.writeValueAsString(Map.of("credentials", List.of(credentials))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return TestHolder.JSON.readTree(created.body());
	}

	static String code(JsonNode offer) {
		return offer.path("offer").path("grants").path("urn:ietf:params:oauth:grant-type:pre-authorized_code")
			.path("pre-authorized_code").asString();
	}

	long issued() {
		return this.jdbc.sql("SELECT COUNT(*) FROM issued_credential").query(Long.class).single();
	}

	@Test
	void aWalletTakesUnlinkableCopiesThatTheStatusListRevokesWithTheCard() throws Exception {
		JsonNode offer = offer("tsunagu_pid", "tsunagu_age");
		String txCode = offer.get("txCode").asString();
		assertThat(txCode).matches("\\d{6}");
		String uri = offer.get("offerUri").asString();
		assertThat(uri).startsWith("openid-credential-offer://?credential_offer=").doesNotContain(txCode + "\"");
		JsonNode byValue = TestHolder.JSON.readTree(URLDecoder.decode(uri.substring(uri.indexOf('=') + 1), StandardCharsets.UTF_8));
		assertThat(byValue.get("credential_issuer").asString()).isEqualTo(origin());
		assertThat(byValue.toString()).doesNotContain(txCode);
		assertThat(byValue.path("credential_configuration_ids").toString()).isEqualTo("[\"tsunagu_pid\",\"tsunagu_age\"]");

		TestHolder holder = new TestHolder(origin());
		HttpResponse<String> token = holder.token(code(offer), txCode);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(TestHolder.JSON.readTree(token.body()).get("token_type").asString()).isEqualTo("DPoP");
		// a code works once
		assertThat(new TestHolder(origin()).token(code(offer), txCode).statusCode()).isEqualTo(400);

		String nonce = holder.nonce();
		HttpResponse<String> response = holder.credential("tsunagu_pid",
				List.of(holder.proof(nonce), holder.proof(nonce), holder.proof(nonce)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		List<String> copies = TestHolder.credentials(response);
		assertThat(copies).hasSize(3);

		Set<String> salts = new HashSet<>();
		Set<Integer> indexes = new HashSet<>();
		for (int i = 0; i < copies.size(); i++) {
			SDJWT sdJwt = SDJWT.parse(copies.get(i));
			SignedJWT jwt = SignedJWT.parse(sdJwt.getCredentialJwt());
			assertThat(jwt.getHeader().getType().getType()).isEqualTo("dc+sd-jwt");
			List<X509Certificate> chain = chain(jwt);
			assertThat(jwt.verify(new ECDSAVerifier((java.security.interfaces.ECPublicKey) chain.get(0).getPublicKey()))).isTrue();
			chain.get(0).verify(chain.get(1).getPublicKey());
			assertThat(chain.get(0).getSubjectAlternativeNames().toString()).contains(origin());
			Map<String, Object> payload = jwt.getJWTClaimsSet().getClaims();
			assertThat(payload.get("iss")).isEqualTo(origin());
			assertThat(payload.get("vct")).isEqualTo(origin() + "/credentials/types/pid");
			assertThat(payload.get("_sd_alg")).isEqualTo("sha-256");
			assertThat(payload).doesNotContainKeys("family_name", "given_name", "birthdate", "address", "sub");
			assertThat(jwt.getPayload().toString()).doesNotContain(TestResidents.KATSUKO);
			@SuppressWarnings("unchecked")
			Map<String, Object> cnf = (Map<String, Object>) payload.get("cnf");
			assertThat(ECKey.parse((Map<String, Object>) cnf.get("jwk")).computeThumbprint())
				.isEqualTo(holder.holderKeys.get(i).computeThumbprint());
			@SuppressWarnings("unchecked")
			List<Object> digests = (List<Object>) payload.get("_sd");
			assertThat(digests.size()).isGreaterThanOrEqualTo(6 + 3);
			for (Disclosure disclosure : sdJwt.getDisclosures()) {
				assertThat(disclosure.getSalt()).hasSize(22);
				assertThat(salts.add(disclosure.getSalt())).as("salts are never reused").isTrue();
			}
			Map<String, Object> decoded = new SDObjectDecoder().decode(payload, sdJwt.getDisclosures());
			assertThat(decoded.get("given_name")).isEqualTo(TestResidents.KATSUKO);
			assertThat(decoded.get("birthdate")).isEqualTo("1984-04-02");
			assertThat(decoded).containsKeys("family_name", "family_name#ja-Kana-JP", "address");
			@SuppressWarnings("unchecked")
			Map<String, Object> status = (Map<String, Object>) ((Map<String, Object>) payload.get("status")).get("status_list");
			indexes.add(((Number) status.get("idx")).intValue());
			assertThat(status.get("uri")).isEqualTo(origin() + "/credentials/status/1");
		}
		assertThat(indexes).as("each copy has its own status entry").hasSize(3);

		// the age credential, with a new nonce, says only the three ages
		String second = holder.nonce();
		HttpResponse<String> age = holder.credential("tsunagu_age", List.of(holder.proof(second)));
		assertThat(age.statusCode()).as(age.body()).isEqualTo(200);
		SDJWT ageCredential = SDJWT.parse(TestHolder.credentials(age).get(0));
		Map<String, Object> ages = new SDObjectDecoder().decode(
				SignedJWT.parse(ageCredential.getCredentialJwt()).getJWTClaimsSet().getClaims(), ageCredential.getDisclosures());
		assertThat(ages).containsEntry("age_over_18", true).containsEntry("age_over_20", true).containsEntry("age_over_65", false);
		assertThat(ageCredential.getDisclosures()).extracting(Disclosure::getClaimName)
			.containsExactlyInAnyOrder("age_over_18", "age_over_20", "age_over_65");

		for (int index : indexes) {
			assertThat(bit(index)).isZero();
		}
		assertThat(logged("credential issued to your wallet: Personal identification (3 one-time copies)")).isEqualTo(1);
		assertThat(logged("credential issued to your wallet: Age")).isEqualTo(1);

		// suspending the card revokes every credential it proved
		String cardId = TestHolder.JSON.readTree(this.wallet.get(origin() + "/api/v1/me/cards")).path("cards").get(0)
			.path("cardId").asString();
		assertThat(this.wallet.postJson(origin() + "/api/v1/me/cards/" + cardId + "/suspend", "").statusCode()).isEqualTo(200);
		for (int index : indexes) {
			assertThat(bit(index)).isEqualTo(1);
		}
		assertThat(logged("4 credential(s) in your wallet revoked (card-suspended)")).isEqualTo(1);
	}

	@Test
	void metadataDescribesTheIssuerItsKeyAndItsTypes() throws Exception {
		JsonNode metadata = this.api.get("/.well-known/openid-credential-issuer").jsonBody();
		assertThat(metadata.get("credential_issuer").asString()).isEqualTo(origin());
		assertThat(metadata.get("nonce_endpoint").asString()).isEqualTo(origin() + "/credentials/nonce");
		assertThat(metadata.get("credential_endpoint").asString()).isEqualTo(origin() + "/api/v1/credentials/credential");
		JsonNode pid = metadata.path("credential_configurations_supported").path("tsunagu_pid");
		assertThat(pid.get("format").asString()).isEqualTo("dc+sd-jwt");
		assertThat(pid.path("credential_metadata").path("display").toString()).contains("本人確認情報").contains("Personal identification");
		JsonNode jwtVcIssuer = this.api.get("/.well-known/jwt-vc-issuer").jsonBody();
		assertThat(jwtVcIssuer.get("issuer").asString()).isEqualTo(origin());
		assertThat(jwtVcIssuer.path("jwks").path("keys").get(0).has("d")).isFalse();
		JsonNode type = this.api.get("/credentials/types/age").jsonBody();
		assertThat(type.get("vct").asString()).isEqualTo(origin() + "/credentials/types/age");
		assertThat(type.path("claims").toString()).contains("18歳以上");
		assertThat(this.api.get("/credentials/types/passport").status()).isEqualTo(404);
		assertThat(this.api.get("/credentials/status/99999").status()).isEqualTo(404);
		JsonNode provider = this.api.get("/.well-known/oauth-authorization-server").jsonBody();
		assertThat(provider.path("grant_types_supported").toString()).contains("urn:ietf:params:oauth:grant-type:pre-authorized_code");
		assertThat(provider.path("pre-authorized_grant_anonymous_access_supported").asBoolean()).isTrue();
	}

	@Test
	void aWrongTransactionCodeFiveTimesEndsTheOffer() throws Exception {
		JsonNode offer = offer("tsunagu_age");
		String right = offer.get("txCode").asString();
		String wrong = right.equals("000000") ? "111111" : "000000";
		TestHolder holder = new TestHolder(origin());
		HttpResponse<String> missing = holder.token(code(offer), null);
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(TestHolder.JSON.readTree(missing.body()).get("error").asString()).isEqualTo("invalid_grant");
		for (int i = 0; i < 4; i++) {
			assertThat(holder.token(code(offer), wrong).statusCode()).isEqualTo(400);
		}
		// five failures (the missing code among them): the right code no longer works
		HttpResponse<String> late = holder.token(code(offer), right);
		assertThat(late.statusCode()).isEqualTo(400);
		assertThat(late.body()).doesNotContain(code(offer)).doesNotContain(right);
		assertThat(this.jdbc.sql("SELECT end_reason FROM credential_offer WHERE resident_id = ?")
			.param(java.util.UUID.fromString(this.resident)).query(String.class).single()).isEqualTo("tx-code");
		assertThat(holder.token("not-a-code", right).statusCode()).isEqualTo(400);
		// the token endpoint wants DPoP here as everywhere
		HttpResponse<String> noProof = TestHolder.send(HttpRequest.newBuilder(URI.create(origin() + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&pre-authorized_code=x")));
		assertThat(noProof.statusCode()).isEqualTo(400);
		assertThat(noProof.body()).contains("invalid_dpop_proof");
	}

	@Test
	void badProofsAndRequestsAreRefusedAndIssueNothing() throws Exception {
		JsonNode offer = offer("tsunagu_age");
		TestHolder holder = new TestHolder(origin());
		assertThat(holder.token(code(offer), offer.get("txCode").asString()).statusCode()).isEqualTo(200);
		long before = issued();
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		ECKey other = new ECKeyGenerator(Curve.P_256).generate();
		String nonce = holder.nonce();
		Date now = new Date();

		refused(holder.credential("tsunagu_age", List.of(TestHolder.proof(key, JWSAlgorithm.ES256, origin(), now, "not-a-nonce"))),
				400, "invalid_nonce");
		refused(holder.credential("tsunagu_age", List.of(TestHolder.proof(key, JWSAlgorithm.ES256, origin(),
				new Date(now.getTime() - 600_000), holder.nonce()))), 400, "invalid_proof");
		refused(holder.credential("tsunagu_age", List.of(TestHolder.proof(key, JWSAlgorithm.ES256, "https://other.example", now,
				holder.nonce()))), 400, "invalid_proof");
		refused(holder.credential("tsunagu_age", List.of(TestHolder.proof(key, JWSAlgorithm.ES256, origin(), now, null))), 400,
				"invalid_proof");
		// signed by another key than the one it names
		String swapped = TestHolder.proof(key, JWSAlgorithm.ES256, origin(), now, holder.nonce());
		String foreign = TestHolder.proof(other, JWSAlgorithm.ES256, origin(), now, holder.nonce());
		refused(holder.credential("tsunagu_age", List.of(swapped.substring(0, swapped.lastIndexOf('.'))
				+ foreign.substring(foreign.lastIndexOf('.')))), 400, "invalid_proof");
		// alg none
		String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
				("{\"alg\":\"none\",\"typ\":\"openid4vci-proof+jwt\",\"jwk\":" + key.toPublicJWK().toJSONString() + "}").getBytes(StandardCharsets.UTF_8));
		String body = Base64.getUrlEncoder().withoutPadding().encodeToString(
				("{\"aud\":\"" + origin() + "\",\"iat\":" + now.getTime() / 1000 + ",\"nonce\":\"" + holder.nonce() + "\"}").getBytes(StandardCharsets.UTF_8));
		refused(holder.credential("tsunagu_age", List.of(header + "." + body + ".")), 400, "invalid_proof");
		// two copies with one key would be linkable: each proof needs a key of its own
		String oneNonce = holder.nonce();
		refused(holder.credential("tsunagu_age", List.of(TestHolder.proof(key, JWSAlgorithm.ES256, origin(), now, oneNonce),
				TestHolder.proof(key, JWSAlgorithm.ES256, origin(), now, oneNonce))), 400, "invalid_proof");
		// a configuration that was not offered, one that does not exist, none, too many proofs
		refused(holder.credential("tsunagu_pid", List.of(holder.proof(holder.nonce()))), 403, "insufficient_scope");
		refused(holder.credential("passport", List.of(holder.proof(holder.nonce()))), 400, "unknown_credential_configuration");
		refused(holder.credentialRequest("{\"proofs\":{\"jwt\":[]}}"), 400, "invalid_credential_request");
		List<String> eleven = new ArrayList<>();
		String shared = holder.nonce();
		for (int i = 0; i < 11; i++) {
			eleven.add(holder.proof(shared));
		}
		refused(holder.credential("tsunagu_age", eleven), 400, "invalid_proof");
		refused(holder.credential("tsunagu_age", List.of()), 400, "invalid_proof");
		HttpResponse<String> malformed = holder.credentialRequest("{\"credential_configuration_id\":");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(issued()).isEqualTo(before);

		// a nonce answers one request
		HttpResponse<String> first = holder.credential("tsunagu_age", List.of(holder.proof(nonce)));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		refused(holder.credential("tsunagu_age", List.of(holder.proof(nonce))), 400, "invalid_nonce");
		assertThat(issued()).isEqualTo(before + 1);

		// without the token's DPoP proof, nothing
		HttpResponse<String> bearer = TestHolder.send(HttpRequest.newBuilder(URI.create(origin() + "/api/v1/credentials/credential"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + holder.accessToken)
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(bearer.statusCode()).isEqualTo(401);
	}

	@Test
	void offersAreTheResidentsOwnAndNameKnownCredentials() throws Exception {
		HttpResponse<String> unknown = this.wallet.postJson(origin() + "/api/v1/me/credential-offers", "{\"credentials\":[\"passport\"]}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(this.wallet.postJson(origin() + "/api/v1/me/credential-offers", "{\"credentials\":[]}").statusCode()).isEqualTo(400);
		assertThat(this.wallet.postJson(origin() + "/api/v1/me/credential-offers",
				"{\"credentials\":[\"tsunagu_age\",\"tsunagu_age\"]}").statusCode()).isEqualTo(400);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM credential_offer WHERE resident_id = ?")
			.param(java.util.UUID.fromString(this.resident)).query(Long.class).single()).isZero();
		// an operator's token is not a resident's
		assertThat(this.api.postJson("/api/v1/me/credential-offers", "{\"credentials\":[\"tsunagu_age\"]}").status()).isEqualTo(403);
	}

	private static void refused(HttpResponse<String> response, int status, String error) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(TestHolder.JSON.readTree(response.body()).get("error").asString()).isEqualTo(error);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
	}

	private int bit(int index) throws Exception {
		HttpResponse<String> list = TestHolder.send(HttpRequest.newBuilder(URI.create(origin() + "/credentials/status/1")));
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.headers().firstValue("Content-Type").orElse("")).startsWith("application/statuslist+jwt");
		SignedJWT jwt = SignedJWT.parse(list.body());
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("statuslist+jwt");
		assertThat(jwt.verify(new ECDSAVerifier((java.security.interfaces.ECPublicKey) chain(jwt).get(0).getPublicKey()))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(origin() + "/credentials/status/1");
		@SuppressWarnings("unchecked")
		Map<String, Object> statusList = (Map<String, Object>) jwt.getJWTClaimsSet().getClaim("status_list");
		assertThat(((Number) statusList.get("bits")).intValue()).isEqualTo(1);
		Inflater inflater = new Inflater();
		inflater.setInput(Base64.getUrlDecoder().decode((String) statusList.get("lst")));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (!inflater.finished()) {
			out.write(buffer, 0, inflater.inflate(buffer));
		}
		byte[] bits = out.toByteArray();
		return (bits[index / 8] >> (index % 8)) & 1;
	}

	private static List<X509Certificate> chain(SignedJWT jwt) throws Exception {
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		List<X509Certificate> chain = new ArrayList<>();
		for (com.nimbusds.jose.util.Base64 der : jwt.getHeader().getX509CertChain()) {
			chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der.decode())));
		}
		return chain;
	}

	private long logged(String what) {
		return this.jdbc.sql("SELECT leaf FROM log_entry WHERE resident_id = :id")
			.param("id", java.util.UUID.fromString(this.resident))
			.query(byte[].class)
			.list()
			.stream()
			.filter((leaf) -> new String(leaf, StandardCharsets.UTF_8).contains(what))
			.count();
	}

}
