package org.tsunagu.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.tsunagu.wallet.EligibilityPresentation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Eligibility checks at the clinic, end to end: the clinic's challenge, the patient's presentation signed by the
 * load tool with a card's authentication key (as the wallet signs it), the check (card chain, OCSP with a nonce,
 * card state, coverage lookup, consent, log append), over HTTP with the clinic's DPoP-bound token, against a
 * population of {@code --residents} residents, every one covered.
 *
 * <pre>
 * ./tsunagu-bench/run EligibilityLoad --db postgresql --residents 1000000 --cards 20 --seconds 20 --clients 16 --rate 200
 * </pre>
 */
public final class EligibilityLoad {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EligibilityLoad() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RegistryLoad.options(args);
		String db = options.getOrDefault("db", "postgresql");
		int residents = Integer.parseInt(options.getOrDefault("residents", "100000"));
		int cardCount = Integer.parseInt(options.getOrDefault("cards", "20"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
		int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
		int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
		try (BenchServer bench = BenchServer.start(db, options, Files.createTempDirectory("tsunagu-bench"),
				"--tsunagu.pki.ceremony=true",
				"--tsunagu.rate-limit-scale=1000")) {
			ConfigurableApplicationContext server = bench.context();
			String base = bench.base();
			String token = bench.token();
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			RegistryLoad.report("database", db);
			RegistryLoad.importResidents(http, base, token, residents, Files.createTempDirectory("eligibility-bench"));

			List<OidcLoad.Card> cards = new ArrayList<>();
			for (int i = 0; i < cardCount; i++) {
				cards.add(OidcLoad.Card.issue(http, base, token, Files.createTempDirectory("bench-card")));
			}
			Organisation insurer = organisation(http, base, token, "insurer", "0613" + String.format("%04d", Math.floorMod(System.nanoTime(), 10000)),
					"coverage:write");
			// every resident is covered: written in one statement (an insurer's loads are measured on their own);
			// coverage rows are what a check looks up, so the population's size is what matters here
			var jdbc = new org.springframework.jdbc.core.JdbcTemplate(server.getBean(javax.sql.DataSource.class));
			long start = System.nanoTime();
			int covered = jdbc.update("""
					INSERT INTO coverage (insurer_id, member_key, resident_id, relationship, symbol, number, branch, valid_from,
					  valid_to, copay_ratio, limit_category, version, created_at, updated_at)
					SELECT o.id, CAST(r.id AS VARCHAR(64)), r.id, 'insured', '記号1', '1234', '01', DATE '2025-04-01', NULL, 0.3,
					  'ウ', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
					FROM resident r, organisation o WHERE o.client_id = ?""", insurer.clientId());
			RegistryLoad.report("coverage.rows", covered);
			RegistryLoad.report("coverage.seconds", String.format("%.1f", (System.nanoTime() - start) / 1e9));
			Organisation clinic = organisation(http, base, token, "clinic", "13" + String.format("%08d", Math.floorMod(System.nanoTime(), 100_000_000)),
					"eligibility:check");

			OidcLoad.Call check = () -> {
				OidcLoad.Card card = cards.get(ThreadLocalRandom.current().nextInt(cards.size()));
				String challenge = JSON.readTree(clinic.post(http, "/api/v1/eligibility/challenges", null, 201)).get("challenge").asString();
				String presentation = EligibilityPresentation.make(challenge, "pin", card.key(), null, card.certificate());
				JsonNode answer = JSON.readTree(clinic.post(http, "/api/v1/eligibility/checks",
						"{\"presentation\":\"" + presentation + "\"}", 200));
				if (!answer.path("eligible").asBoolean()) {
					throw new IllegalStateException("not eligible: " + answer);
				}
			};
			OidcLoad.closedLoop(check, OidcLoad.WARM_UP_SECONDS, clients);
			long[] latencies = OidcLoad.closedLoop(check, seconds, clients);
			RegistryLoad.report("eligibility.checks_per_second", latencies.length / seconds);
			RegistryLoad.report("eligibility.closed_loop.p50.ms", OidcLoad.ms(OidcLoad.percentile(latencies, 0.50)));
			RegistryLoad.report("eligibility.closed_loop.p99.ms", OidcLoad.ms(OidcLoad.percentile(latencies, 0.99)));
			long[] paced = OidcLoad.openLoop(check, seconds, rate);
			RegistryLoad.report("eligibility.at_" + rate + "_per_s.p50.ms", OidcLoad.ms(OidcLoad.percentile(paced, 0.50)));
			RegistryLoad.report("eligibility.at_" + rate + "_per_s.p99.ms", OidcLoad.ms(OidcLoad.percentile(paced, 0.99)));

			// the request path's own ceiling on this machine: a check is two of these requests plus its own work
			OidcLoad.Call challengeOnly = () -> clinic.post(http, "/api/v1/eligibility/challenges", null, 201);
			OidcLoad.closedLoop(challengeOnly, 5, clients);
			long[] challenges = OidcLoad.closedLoop(challengeOnly, seconds, clients);
			RegistryLoad.report("floor.challenges_per_second", challenges.length / seconds);
			HttpRequest checkpoint = HttpRequest.newBuilder(URI.create(base + "/log/checkpoint")).build();
			OidcLoad.Call unauthenticated = () -> {
				HttpResponse<String> response = http.send(checkpoint, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					throw new IllegalStateException("checkpoint: " + response.statusCode());
				}
			};
			OidcLoad.closedLoop(unauthenticated, 5, clients);
			long[] plain = OidcLoad.closedLoop(unauthenticated, seconds, clients);
			RegistryLoad.report("floor.unauthenticated_get_per_second", plain.length / seconds);
		}
	}

	/** A registered organisation with its DPoP-bound client-credentials token. */
	record Organisation(String clientId, String issuer, String accessToken) {

		String post(HttpClient http, String path, String body, int expected) throws Exception {
			String url = this.issuer + path;
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "DPoP " + this.accessToken)
				.header("DPoP", OidcLoad.dpop(OidcLoad.DPOP_KEY, "POST", url, this.accessToken))
				.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expected) {
				throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
			}
			return response.body();
		}

	}

	static Organisation organisation(HttpClient http, String base, String token, String kind, String identifier, String scope)
			throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kind + "-bench").generate();
		JsonNode registered = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/organisations"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"kind":"%s","name":{"en":"Bench %s","ja":"ベンチ"},"identifier":"%s","jwks":{"keys":[%s]}}"""
				.formatted(kind, kind, identifier, key.toPublicJWK().toJSONString())))
			.build(), HttpResponse.BodyHandlers.ofString()).body());
		if (registered.get("clientId") == null) {
			throw new IllegalStateException("organisation refused: " + registered);
		}
		String clientId = registered.get("clientId").asString();
		OidcLoad.Target target = new OidcLoad.Target(kind, base, base + "/oauth2/token", null, null, clientId, key, null, scope);
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		form.put("scope", scope);
		form.put("client_id", clientId);
		form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.put("client_assertion", OidcLoad.assertion(target));
		HttpResponse<String> granted = http.send(HttpRequest.newBuilder(URI.create(target.tokenUrl()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("DPoP", OidcLoad.dpop(OidcLoad.DPOP_KEY, "POST", target.tokenUrl(), null))
			.POST(HttpRequest.BodyPublishers.ofString(OidcLoad.form(form)))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (granted.statusCode() != 200) {
			throw new IllegalStateException("token refused: " + granted.body());
		}
		return new Organisation(clientId, base, JSON.readTree(granted.body()).get("access_token").asString());
	}

}
