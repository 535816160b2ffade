package org.tsunagu.credentials;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.oidc.TestRelyingParty;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published JWE vulnerabilities against OpenID4VP's {@code direct_post.jwt}: the wallet's answer is a JWE to a
 * key the verifier made for one request, and anyone may post one. Each attack is refused as an invalid request,
 * quickly, before any key derivation, decryption or inflation, and the request stays pending for the real answer.
 */
@TsunaguTest
class CveEncryptedResponseTest {

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private static final SecureRandom RANDOM = new SecureRandom();

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestOrganisations.Org shop;

	String transactionId;

	ECKey key;

	String state;

	@BeforeEach
	void ask() throws Exception {
		this.shop = TestOrganisations.register(this.api, "verifier", "Sakura Liquor", "sakura-" + System.nanoTime() % 100000,
				"presentation:request");
		HttpResponse<String> created = this.shop.send("POST", "/api/v1/presentations",
				EncryptedResponseTest.OVER_20_ENCRYPTED.formatted(origin()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode answer = TestHolder.JSON.readTree(created.body());
		this.transactionId = answer.get("transactionId").asString();
		JWTClaimsSet object = SignedJWT.parse(TestHolder.send(HttpRequest.newBuilder(URI.create(answer.get("requestUri").asString())))
			.body()).getJWTClaimsSet();
		@SuppressWarnings("unchecked")
		Map<String, Object> jwks = (Map<String, Object>) object.getJSONObjectClaim("client_metadata").get("jwks");
		this.key = JWKSet.parse(jwks).getKeys().get(0).toECKey();
		this.state = object.getStringClaim("state");
	}

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	/** A compact JWE with this header and random parts: nothing in it decrypts, whatever the header says. */
	private static String jwe(Map<String, Object> header) {
		return B64.encodeToString(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(header).getBytes(StandardCharsets.UTF_8)) + "."
				+ random(40) + "." + random(12) + "." + random(48) + "." + random(16);
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return B64.encodeToString(value);
	}

	private Map<String, Object> header(String alg, String enc) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", alg);
		header.put("enc", enc);
		header.put("kid", this.key.getKeyID());
		return header;
	}

	/** Posts the JWE as the wallet's answer; answers the refusal's description after checking it is one. */
	private String refused(String what, String jwe) throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> answer = TestHolder.send(HttpRequest.newBuilder(URI.create(origin() + "/presentations/responses"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(Map.of("response", jwe)))));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as(what).isLessThan(Duration.ofSeconds(2));
		assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(400);
		JsonNode problem = TestHolder.JSON.readTree(answer.body());
		assertThat(problem.get("error").asString()).as(what).isEqualTo("invalid_request");
		assertThat(answer.body()).as(what).doesNotContain("Exception");
		return problem.path("error_description").asString(problem.path("detail").asString());
	}

	private void stillPending() throws Exception {
		JsonNode outcome = TestHolder.JSON.readTree(this.shop.send("GET", "/api/v1/presentations/" + this.transactionId, null).body());
		assertThat(outcome.get("status").asString()).isEqualTo("pending");
	}

	@Test
	@DisplayName("CVE-2023-52428 (Nimbus JOSE+JWT), CVE-2023-51775 (jose4j), CVE-2022-36083 (panva/jose): PBES2 with p2c = 2,147,483,647 — refused before any key derivation")
	void responseWhenPbes2WithHugeIterationCountThenRefusedBeforeDerivation() throws Exception {
		for (String alg : List.of("PBES2-HS512+A256KW", "PBES2-HS256+A128KW")) {
			Map<String, Object> header = header(alg, "A256GCM");
			header.put("p2c", Integer.MAX_VALUE);
			header.put("p2s", random(16));
			refused(alg, jwe(header));
		}
		stillPending();
	}

	@Test
	@DisplayName("CVE-2017-12974 (Nimbus JOSE+JWT): ECDH-ES with an ephemeral key off the curve, at infinity, on another curve or of another type — refused, and nothing about the request's key learnt")
	void responseWhenEphemeralKeyIsNotOnTheCurveThenRefused() throws Exception {
		List<Map<String, Object>> points = List.of(
				Map.of("kty", "EC", "crv", "P-256", "x", B64.encodeToString(pad(1)), "y", B64.encodeToString(pad(1))),
				Map.of("kty", "EC", "crv", "P-256", "x", B64.encodeToString(new byte[32]), "y", B64.encodeToString(new byte[32])),
				new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384).generate().toPublicJWK().toJSONObject(),
				Map.of("kty", "OKP", "crv", "X25519", "x", B64.encodeToString(new byte[32])));
		for (Map<String, Object> epk : points) {
			Map<String, Object> header = header("ECDH-ES", "A128GCM");
			header.put("epk", epk);
			refused("epk " + epk, jwe(header));
		}
		stillPending();
	}

	@Test
	@DisplayName("CVE-2024-28176 (panva/jose), CVE-2024-28180 (go-jose), CVE-2024-33664 (python-jose), CVE-2024-28102 (jwcrypto): a JWE to the request's own key, compressed, that inflates to 50 MB — refused without inflating it")
	void responseWhenCompressedToInflateFiftyMegabytesThenRefused() throws Exception {
		Map<String, Object> payload = Map.of("vp_token", "0".repeat(50 << 20), "state", this.state);
		JWEObject bomb = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.ECDH_ES, EncryptionMethod.A128GCM)
			.keyID(this.key.getKeyID()).compressionAlgorithm(CompressionAlgorithm.DEF).build(), new Payload(payload));
		bomb.encrypt(new ECDHEncrypter(this.key));
		String compact = bomb.serialize();
		assertThat(compact.length()).as("small on the wire").isLessThan(1 << 20);
		refused("a 50 MB bomb", compact);
		stillPending();
	}

	@Test
	@DisplayName("CVE-2017-12973 (Nimbus JOSE+JWT): AES-CBC content encryption (the padding-oracle class), key wrapping, dir and RSA-OAEP — all refused before decryption, with one and the same answer")
	void responseWhenCbcKeyWrapDirOrRsaThenRefusedAlikeBeforeDecryption() throws Exception {
		List<String> answers = new ArrayList<>();
		for (String[] algEnc : new String[][] { { "ECDH-ES", "A128CBC-HS256" }, { "ECDH-ES", "A256CBC-HS512" },
				{ "ECDH-ES+A256KW", "A128GCM" }, { "ECDH-ES+A128KW", "A256GCM" }, { "dir", "A128GCM" },
				{ "RSA-OAEP-256", "A128GCM" }, { "A256GCMKW", "A256GCM" } }) {
			Map<String, Object> header = header(algEnc[0], algEnc[1]);
			if (algEnc[0].startsWith("ECDH-ES")) {
				header.put("epk", new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate()
					.toPublicJWK().toJSONObject());
			}
			answers.add(refused(algEnc[0] + " " + algEnc[1], jwe(header)));
		}
		assertThat(answers).as("no answer tells one case from another").containsOnly(answers.get(0));
		stillPending();
	}

	private static byte[] pad(int value) {
		byte[] out = new byte[32];
		out[31] = (byte) value;
		return out;
	}

}
