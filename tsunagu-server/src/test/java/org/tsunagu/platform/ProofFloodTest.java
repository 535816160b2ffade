package org.tsunagu.platform;

import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestRelyingParty;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand DPoP proofs with fresh keys (issue 23, resource exhaustion; RFC 9449 section 11.1): Spring Security
 * remembers at most 1,000 proof ids per node, so a flood pushes out the earlier ones; the provider's own record in
 * the database must still refuse a proof used before the flood, at every endpoint that takes proofs.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.test.rate-limit-scale=1")
class ProofFloodTest {

	private static final String PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	private static HttpResponse<String> preAuthorized(TestRelyingParty anyone, String proof) throws Exception {
		return anyone.postForm("/oauth2/token",
				Map.of("grant_type", PRE_AUTHORIZED, "pre-authorized_code", "no-such-code-" + UUID.randomUUID()), proof);
	}

	private static HttpResponse<String> pushWithProof(TestRelyingParty rp, String proof) throws Exception {
		Map<String, String> form = new LinkedHashMap<>(rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
		form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.put("client_assertion", rp.assertion());
		return rp.postForm("/oauth2/par", form, proof);
	}

	private static String error(HttpResponse<String> answer) {
		return TestRelyingParty.json(answer).get("error").asString();
	}

	@Test
	@DisplayName("1,000 DPoP proofs with fresh keys: the in-memory replay cache stays at 1,000, every proof is recorded until "
			+ "it could no longer be accepted anyway, and a proof used before the flood is refused after it, at the "
			+ "pre-authorized grant and at PAR")
	void proofsWhenAThousandFreshOnesFloodThenAnEarlierOneIsStillRefused() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "high", null);
		String tokenUrl = rp.issuer + "/oauth2/token";
		String early = TestRelyingParty.dpop(new ECKeyGenerator(Curve.P_256).generate(), "POST", tokenUrl, null);
		HttpResponse<String> first = preAuthorized(rp, early);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(400);
		assertThat(error(first)).as("the proof is accepted; the code is not").isEqualTo("invalid_grant");
		String pushedProof = TestRelyingParty.dpop(new ECKeyGenerator(Curve.P_256).generate(), "POST", rp.issuer + "/oauth2/par", null);
		assertThat(pushWithProof(rp, pushedProof).statusCode()).isEqualTo(201);

		long recorded = this.jdbc.sql("SELECT COUNT(*) FROM oidc_assertion_jti WHERE client_id LIKE 'dpop:%'").query(Long.class).single();
		for (int i = 0; i < 1_000; i++) {
			ECKey fresh = new ECKeyGenerator(Curve.P_256).generate();
			HttpResponse<String> answer = preAuthorized(rp, TestRelyingParty.dpop(fresh, "POST", tokenUrl, null));
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
			assertThat(error(answer)).isEqualTo("invalid_grant");
		}

		assertThat(replayCache()).as("Spring Security's proof ids, in memory").hasSizeLessThanOrEqualTo(1_000);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM oidc_assertion_jti WHERE client_id LIKE 'dpop:%'").query(Long.class).single()
				- recorded).as("each proof recorded").isGreaterThanOrEqualTo(1_000);
		OffsetDateTime latest = this.jdbc.sql("SELECT MAX(expires_at) FROM oidc_assertion_jti WHERE client_id LIKE 'dpop:%'")
			.query(OffsetDateTime.class)
			.single();
		assertThat(latest.toInstant()).as("kept only while a proof could still be accepted")
			.isBefore(Instant.now().plusSeconds(131));

		HttpResponse<String> replayed = preAuthorized(rp, early);
		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(error(replayed)).isEqualTo("invalid_dpop_proof");
		HttpResponse<String> pushedAgain = pushWithProof(rp, pushedProof);
		assertThat(pushedAgain.statusCode()).as(pushedAgain.body()).isEqualTo(400);
		assertThat(error(pushedAgain)).isEqualTo("invalid_dpop_proof");
	}

	/** Spring Security's static, per-node cache of DPoP proof ids, read where it lives. */
	private static Map<?, ?> replayCache() throws Exception {
		Class<?> validator = Class.forName(DPoPProofJwtDecoderFactory.class.getName() + "$JtiClaimValidator");
		Field cache = validator.getDeclaredField("JTI_CACHE");
		cache.setAccessible(true);
		return (Map<?, ?>) cache.get(null);
	}

}
