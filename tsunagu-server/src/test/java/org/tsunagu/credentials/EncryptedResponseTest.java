package org.tsunagu.credentials;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.oidc.TestRelyingParty;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID4VP's {@code direct_post.jwt}: a shop asks for the answer encrypted; the request object carries a key made
 * for that request; the wallet's JWE (ECDH-ES, A128GCM or A256GCM) is decrypted and checked like a plain answer;
 * the key is gone once the request is answered; a plain answer, another key, another {@code enc} or another state
 * is refused and leaves the request pending.
 */
@TsunaguTest
class EncryptedResponseTest {

	static final String OVER_20_ENCRYPTED = """
			{"response_mode":"direct_post.jwt",
			 "dcql_query":{"credentials":[{"id":"age","format":"dc+sd-jwt","meta":{"vct_values":["%s/credentials/types/age"]},
			 "claims":[{"path":["age_over_20"]}]}]}}""";

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	TestHolder holder;

	List<String> ages = new ArrayList<>();

	TestOrganisations.Org shop;

	@BeforeEach
	void setUp() throws Exception {
		this.holder = TestHolder.take(TestHolder.Person.enrol(this.api, this.dir, "銀座1-").wallet(), origin(), "tsunagu_age", 2,
				this.ages);
		this.shop = TestOrganisations.register(this.api, "verifier", "Sakura Liquor", "sakura-" + System.nanoTime() % 100000,
				"presentation:request");
	}

	String origin() {
		return this.api.uri("").toString().replaceAll("/$", "");
	}

	/** What the wallet reads of an encrypted request. */
	record Request(String transactionId, String nonce, String state, ECKey key, List<String> enc) {
	}

	Request ask() throws Exception {
		HttpResponse<String> created = this.shop.send("POST", "/api/v1/presentations", OVER_20_ENCRYPTED.formatted(origin()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode answer = TestHolder.JSON.readTree(created.body());
		assertThat(answer.get("responseMode").asString()).isEqualTo("direct_post.jwt");
		HttpResponse<String> fetched = TestHolder.send(HttpRequest.newBuilder(URI.create(answer.get("requestUri").asString())));
		JWTClaimsSet object = SignedJWT.parse(fetched.body()).getJWTClaimsSet();
		assertThat(object.getStringClaim("response_mode")).isEqualTo("direct_post.jwt");
		Map<String, Object> metadata = object.getJSONObjectClaim("client_metadata");
		@SuppressWarnings("unchecked")
		JWKSet jwks = JWKSet.parse((Map<String, Object>) metadata.get("jwks"));
		ECKey key = jwks.getKeys().get(0).toECKey();
		assertThat(key.isPrivate()).isFalse();
		assertThat(key.getKeyID()).isNotBlank();
		assertThat(key.getAlgorithm().getName()).isEqualTo("ECDH-ES");
		@SuppressWarnings("unchecked")
		List<String> enc = (List<String>) metadata.get("encrypted_response_enc_values_supported");
		return new Request(answer.get("transactionId").asString(), object.getStringClaim("nonce"), object.getStringClaim("state"),
				key, enc);
	}

	String presentation(Request request, int copy) throws Exception {
		return TestHolder.present(this.ages.get(copy), this.holder.holderKeys.get(copy), List.of("age_over_20"),
				"x509_san_dns:localhost", request.nonce(), new Date());
	}

	static String encrypt(Map<String, Object> payload, ECKey to, EncryptionMethod enc) throws Exception {
		JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.ECDH_ES, enc).keyID(to.getKeyID()).build(),
				new Payload(payload));
		jwe.encrypt(new ECDHEncrypter(to));
		return jwe.serialize();
	}

	/** A JWE with zip DEF: an answer OpenID4VP never sends, whose inflating could take any amount of memory. */
	static String encryptCompressed(Map<String, Object> payload, ECKey to) throws Exception {
		JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.ECDH_ES, EncryptionMethod.A128GCM).keyID(to.getKeyID())
			.compressionAlgorithm(com.nimbusds.jose.CompressionAlgorithm.DEF).build(), new Payload(payload));
		jwe.encrypt(new ECDHEncrypter(to));
		return jwe.serialize();
	}

	HttpResponse<String> post(Map<String, String> form) throws Exception {
		return TestHolder.send(HttpRequest.newBuilder(URI.create(origin() + "/presentations/responses"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(form))));
	}

	JsonNode outcome(Request request) throws Exception {
		return TestHolder.JSON.readTree(this.shop.send("GET", "/api/v1/presentations/" + request.transactionId(), null).body());
	}

	String storedKey(Request request) {
		return this.jdbc.sql("SELECT response_key FROM presentation_request WHERE id = ?").param(request.transactionId())
			.query(String.class).optional().orElse(null);
	}

	@Test
	void encryptedAnswerWhenDecryptedAndCheckedThenVerifiedAndTheKeyIsGone() throws Exception {
		Request request = ask();
		assertThat(request.enc()).containsExactly("A128GCM", "A256GCM");
		assertThat(storedKey(request)).isNotNull();
		String jwe = encrypt(Map.of("vp_token", Map.of("age", List.of(presentation(request, 0))), "state", request.state()),
				request.key(), EncryptionMethod.A256GCM);
		HttpResponse<String> answered = post(Map.of("response", jwe));
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		JsonNode outcome = outcome(request);
		assertThat(outcome.get("status").asString()).isEqualTo("verified");
		assertThat(TestHolder.JSON.writeValueAsString(outcome.at("/credentials/age/claims"))).isEqualTo("{\"age_over_20\":true}");
		assertThat(storedKey(request)).as("the request's private key is cleared once answered").isNull();
		// the same JWE again: its request is no longer pending
		assertThat(post(Map.of("response", jwe)).statusCode()).isEqualTo(400);
	}

	@Test
	void encryptedRequestWhenAnsweredOtherwiseThenRefusedAndStillPending() throws Exception {
		Request request = ask();
		String presentation = presentation(request, 1);
		Map<String, Object> payload = Map.of("vp_token", Map.of("age", List.of(presentation)), "state", request.state());
		ECKey other = new ECKeyGenerator(Curve.P_256).keyID(request.key().getKeyID()).generate();
		Map<String, Map<String, String>> attempts = Map.of(
				"plain", Map.of("state", request.state(), "vp_token", "{\"age\":[\"" + presentation + "\"]}"),
				"another key", Map.of("response", encrypt(payload, other, EncryptionMethod.A128GCM)),
				"another enc", Map.of("response", encrypt(payload, request.key(), EncryptionMethod.A192GCM)),
				"another state", Map.of("response", encrypt(Map.of("vp_token", Map.of("age", List.of(presentation)), "state", "x"),
						request.key(), EncryptionMethod.A128GCM)),
				"no kid", Map.of("response", encrypt(payload, new ECKey.Builder(request.key()).keyID(null).build(), EncryptionMethod.A128GCM)),
				"not a JWE", Map.of("response", "a.b.c"),
				"compressed", Map.of("response", encryptCompressed(payload, request.key())),
				"both", Map.of("response", encrypt(payload, request.key(), EncryptionMethod.A128GCM), "state", request.state()));
		for (Map.Entry<String, Map<String, String>> attempt : attempts.entrySet()) {
			HttpResponse<String> refused = post(attempt.getValue());
			assertThat(refused.statusCode()).as(attempt.getKey()).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(TestHolder.JSON.readTree(refused.body()).get("error").asString()).isEqualTo("invalid_request");
			assertThat(refused.body()).doesNotContain("Exception").doesNotContain(presentation.substring(0, 20));
		}
		assertThat(outcome(request).get("status").asString()).isEqualTo("pending");
		assertThat(storedKey(request)).isNotNull();
		// the wallet's encrypted error response ends it refused
		assertThat(post(Map.of("response", encrypt(Map.of("error", "access_denied", "state", request.state()), request.key(),
				EncryptionMethod.A128GCM))).statusCode()).isEqualTo(200);
		JsonNode outcome = outcome(request);
		assertThat(outcome.get("status").asString()).isEqualTo("refused");
		assertThat(outcome.get("reason").asString()).isEqualTo("wallet:access_denied");
		assertThat(storedKey(request)).isNull();
	}

	@Test
	void responseModeWhenUnknownThenRefusedAndNothingStored() throws Exception {
		long before = this.jdbc.sql("SELECT COUNT(*) FROM presentation_request").query(Long.class).single();
		HttpResponse<String> refused = this.shop.send("POST", "/api/v1/presentations",
				OVER_20_ENCRYPTED.formatted(origin()).replace("direct_post.jwt", "fragment"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("response_mode");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM presentation_request").query(Long.class).single()).isEqualTo(before);
	}

	@Autowired
	org.tsunagu.TestClock clock;

	@Test
	void encryptedRequestWhenExpiredUnansweredThenItsKeyIsCleared() throws Exception {
		Request request = ask();
		assertThat(storedKey(request)).isNotNull();
		this.clock.advance(java.time.Duration.ofMinutes(6));
		try {
			new org.tsunagu.credentials.verifier.TestVerifierHousekeeping(this.jdbc).purgeAt(this.clock.instant());
			assertThat(storedKey(request)).isNull();
			assertThat(outcome(request).get("status").asString()).isEqualTo("expired");
		}
		finally {
			this.clock.reset();
		}
	}

}
