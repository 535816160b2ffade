package org.tsunagu.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.wallet.CardToken;
import tools.jackson.databind.JsonNode;

/**
 * Wallet credentials, measured as {@link CostLoad} measures: the server in its own process, its and PostgreSQL's CPU
 * per operation from {@code /proc}, {@code wrk} sending requests made before the timed window. Two paths: a
 * credential issued (a DPoP-bound token from a redeemed offer, a fresh nonce and proof of possession each, one age
 * credential signed and its status entry recorded) and a presentation verified (a verifier's request answered by
 * {@code direct_post}: the issuer's signature, the key binding JWT, the digests, the status list, the result
 * recorded and the person's log entry appended).
 *
 * <pre>
 * java -cp tsunagu-bench/target/tsunagu-bench-*-jar-with-dependencies.jar org.tsunagu.bench.CredentialLoad [--short true]
 * </pre>
 */
public final class CredentialLoad {

	private CredentialLoad() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RegistryLoad.options(args);
		boolean quick = Boolean.parseBoolean(options.getOrDefault("short", "false"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", quick ? "10" : "20"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", quick ? "1" : "3"));
		int warmUp = Integer.parseInt(options.getOrDefault("warm-up", quick ? "10" : "20"));
		String db = options.getOrDefault("db", "postgresql");
		Path dir = Files.createTempDirectory("tsunagu-credentials");
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		try (ServerProcess server = ServerProcess.start(db, options, dir.resolve("data"), "--tsunagu.pki.ceremony=true",
				"--tsunagu.rate-limit-scale=1000")) {
			RegistryLoad.report("database", db);
			String base = server.base();
			OidcLoad.Card card = OidcLoad.Card.issue(http, base, server.token(), dir);
			CardToken wallet = new CardToken(HttpClient.newHttpClient());
			wallet.obtain(base, card.key(), null, card.certificate());
			CostLoad.Measured measured = new CostLoad.Measured("tsunagu", server.pid(), null);
			List<CostLoad.Round> results = new ArrayList<>();
			double issueRate = 800;
			for (int r = 0; r <= rounds; r++) {
				int length = r == 0 ? warmUp : seconds;
				int count = (int) Math.max(5_000, issueRate * length * 1.5);
				CostLoad.Round round;
				while (true) {
					Path requests = Wrk.requests(dir, "issue", issuance(http, wallet, base, count));
					round = CostLoad.measure("credential_issued", measured, base + "/api/v1/credentials/credential", length, requests, dir);
					if (round.load().requests() < count - CostLoad.CONNECTIONS) {
						break;
					}
					count *= 2;
				}
				issueRate = round.ok() / round.load().seconds();
				if (r > 0) {
					round.report();
					results.add(round);
				}
			}
			EligibilityLoad.Organisation shop = EligibilityLoad.organisation(http, base, server.token(), "verifier",
					"bench-shop-" + System.nanoTime() % 10000, "presentation:request");
			ECKey holderKey = new ECKeyGenerator(Curve.P_256).generate();
			String credential = take(http, wallet, base, holderKey);
			double verifyRate = 600;
			for (int r = 0; r <= rounds; r++) {
				int length = r == 0 ? warmUp : seconds;
				int count = (int) Math.max(5_000, verifyRate * length * 1.5);
				CostLoad.Round round;
				while (true) {
					Path requests = Wrk.requests(dir, "present", presentations(http, shop, base, credential, holderKey, count));
					round = CostLoad.measure("presentation_verified", measured, base + "/presentations/responses", length, requests, dir);
					if (round.load().requests() < count - CostLoad.CONNECTIONS) {
						break;
					}
					count *= 2;
				}
				verifyRate = round.ok() / round.load().seconds();
				if (r > 0) {
					round.report();
					results.add(round);
				}
			}
			org.slf4j.LoggerFactory.getLogger("org.tsunagu.bench").info("The rounds, for docs/performance.md:\n{}", CostLoad.table(results));
		}
	}

	/** An offer of the age credential redeemed for a DPoP-bound token: the holder's side up to the credential request. */
	private static String token(HttpClient http, CardToken wallet, String base) throws Exception {
		JsonNode offer = OidcLoad.JSON.readTree(wallet.postJson(base + "/api/v1/me/credential-offers", "{\"credentials\":[\"tsunagu_age\"]}").body());
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "urn:ietf:params:oauth:grant-type:pre-authorized_code");
		form.put("pre-authorized_code", offer.path("offer").path("grants").path("urn:ietf:params:oauth:grant-type:pre-authorized_code")
			.path("pre-authorized_code").asString());
		form.put("tx_code", offer.get("txCode").asString());
		String tokenUrl = base + "/oauth2/token";
		return OidcLoad.JSON.readTree(OidcLoad.send(http, HttpRequest.newBuilder(URI.create(tokenUrl))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("DPoP", OidcLoad.dpop(OidcLoad.DPOP_KEY, "POST", tokenUrl, null))
			.POST(HttpRequest.BodyPublishers.ofString(OidcLoad.form(form)))).body()).get("access_token").asString();
	}

	/** Credential requests, each with its own nonce (fetched now), proof of possession and DPoP proof. */
	static List<String[]> issuance(HttpClient http, CardToken wallet, String base, int count) throws Exception {
		String token = token(http, wallet, base);
		String url = base + "/api/v1/credentials/credential";
		ECKey holder = new ECKeyGenerator(Curve.P_256).generate();
		return parallel(count, (i) -> {
			String nonce = OidcLoad.JSON.readTree(OidcLoad.send(http, HttpRequest.newBuilder(URI.create(base + "/credentials/nonce"))
				.POST(HttpRequest.BodyPublishers.noBody())).body()).get("c_nonce").asString();
			String body = "{\"credential_configuration_id\":\"tsunagu_age\",\"proofs\":{\"jwt\":[\"" + proof(holder, base, nonce) + "\"]}}";
			return new String[] { "POST", "Content-Type: application/json", "Authorization: DPoP " + token,
					"DPoP: " + OidcLoad.dpop(OidcLoad.DPOP_KEY, "POST", url, token), body };
		});
	}

	private static String take(HttpClient http, CardToken wallet, String base, ECKey holder) throws Exception {
		String token = token(http, wallet, base);
		String url = base + "/api/v1/credentials/credential";
		String nonce = OidcLoad.JSON.readTree(OidcLoad.send(http, HttpRequest.newBuilder(URI.create(base + "/credentials/nonce"))
			.POST(HttpRequest.BodyPublishers.noBody())).body()).get("c_nonce").asString();
		JsonNode answer = OidcLoad.JSON.readTree(OidcLoad.send(http, HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.header("Authorization", "DPoP " + token)
			.header("DPoP", OidcLoad.dpop(OidcLoad.DPOP_KEY, "POST", url, token))
			.POST(HttpRequest.BodyPublishers.ofString("{\"credential_configuration_id\":\"tsunagu_age\",\"proofs\":{\"jwt\":[\""
					+ proof(holder, base, nonce) + "\"]}}"))).body());
		return answer.get("credentials").get(0).get("credential").asString();
	}

	/** Presentation requests made now, each answered with the one credential's over-20 disclosure and a key binding. */
	static List<String[]> presentations(HttpClient http, EligibilityLoad.Organisation shop, String base, String credential,
			ECKey holder, int count) throws Exception {
		String dcql = """
				{"dcql_query":{"credentials":[{"id":"age","format":"dc+sd-jwt","meta":{"vct_values":["%s/credentials/types/age"]},
				 "claims":[{"path":["age_over_20"]}]}]}}""".formatted(base);
		SDJWT sdJwt = SDJWT.parse(credential);
		Disclosure over20 = sdJwt.getDisclosures().stream().filter((d) -> "age_over_20".equals(d.getClaimName())).findFirst().orElseThrow();
		String presented = sdJwt.getCredentialJwt() + "~" + over20.getDisclosure() + "~";
		String sdHash = Base64.getUrlEncoder().withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.US_ASCII)));
		return parallel(count, (i) -> {
			JsonNode request = OidcLoad.JSON.readTree(shop.post(http, "/api/v1/presentations", dcql, 201));
			String authorization = request.get("authorizationRequest").asString();
			String requestUri = URLDecoder.decode(authorization.substring(authorization.indexOf("request_uri=") + 12), StandardCharsets.UTF_8);
			JWTClaimsSet object = SignedJWT.parse(OidcLoad.send(http, HttpRequest.newBuilder(URI.create(requestUri))).body()).getJWTClaimsSet();
			SignedJWT kb = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("kb+jwt")).build(),
					new JWTClaimsSet.Builder().audience((String) object.getClaim("client_id")).issueTime(new Date())
						.claim("nonce", object.getClaim("nonce")).claim("sd_hash", sdHash).build());
			kb.sign(new ECDSASigner(holder));
			Map<String, String> form = new LinkedHashMap<>();
			form.put("state", (String) object.getClaim("state"));
			form.put("vp_token", "{\"age\":[\"" + presented + kb.serialize() + "\"]}");
			return new String[] { "POST", "Content-Type: application/x-www-form-urlencoded", OidcLoad.form(form) };
		});
	}

	private static String proof(ECKey holder, String base, String nonce) throws Exception {
		SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("openid4vci-proof+jwt"))
			.jwk(holder.toPublicJWK()).build(), new JWTClaimsSet.Builder().audience(base).issueTime(new Date()).claim("nonce", nonce).build());
		proof.sign(new ECDSASigner(holder));
		return proof.serialize();
	}

	@FunctionalInterface
	interface Maker {

		String[] make(int i) throws Exception;

	}

	/** {@code count} requests made by four threads, before any timed window. */
	private static List<String[]> parallel(int count, Maker maker) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<String[]>> made = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				int n = i;
				made.add(pool.submit(() -> maker.make(n)));
			}
			List<String[]> requests = new ArrayList<>(count);
			for (Future<String[]> f : made) {
				requests.add(f.get());
			}
			return requests;
		}
		finally {
			pool.shutdown();
		}
	}

}
