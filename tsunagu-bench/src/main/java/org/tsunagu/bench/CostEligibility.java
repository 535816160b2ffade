package org.tsunagu.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tsunagu.wallet.EligibilityPresentation;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The eligibility check's cost for {@link CostLoad}, in two timed windows whose CPU per operation adds up to one
 * check: the clinic's challenges ({@code POST /api/v1/eligibility/challenges}, each with a fresh DPoP proof), whose
 * answers {@code wrk} keeps; then, after the patient's presentations are signed over those challenges outside any
 * window (as a wallet signs them, with one of ten cards), the checks themselves (card chain, OCSP, card state,
 * coverage, consent, the log append). Residents are enrolled through the API and covered by one insurer, written
 * in one statement as {@link EligibilityLoad} does. PostgreSQL only: the bench writes coverage rows beside the
 * server.
 */
final class CostEligibility {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Challenges live two minutes: a window never runs longer than this, its warm-up included. */
	static final int LONGEST_WINDOW = 30;

	private CostEligibility() {
	}

	static List<CostLoad.Round> measure(ServerProcess server, CostLoad.Measured measured, Map<String, String> options,
			int rounds, int warmUp, int seconds, Path dir) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		String base = server.base();
		RegistryLoad.importResidents(http, base, server.token(), Integer.parseInt(options.getOrDefault("residents", "10000")),
				Files.createTempDirectory(dir, "residents"));
		List<OidcLoad.Card> cards = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			cards.add(OidcLoad.Card.issue(http, base, server.token(), Files.createTempDirectory(dir, "card")));
		}
		EligibilityLoad.Organisation insurer = EligibilityLoad.organisation(http, base, server.token(), "insurer",
				"0613" + String.format("%04d", Math.floorMod(System.nanoTime(), 10000)), "coverage:write");
		DriverManagerDataSource database = new DriverManagerDataSource(
				options.getOrDefault("url", "jdbc:postgresql://127.0.0.1:5432/tsunagu_bench"), options.getOrDefault("user", "postgres"),
				options.getOrDefault("password", "postgres"));
		int covered = new JdbcTemplate(database).update("""
				INSERT INTO coverage (insurer_id, member_key, resident_id, relationship, symbol, number, branch, valid_from,
				  valid_to, copay_ratio, limit_category, version, created_at, updated_at)
				SELECT o.id, CAST(r.id AS VARCHAR(64)), r.id, 'insured', '記号1', '1234', '01', DATE '2025-04-01', NULL, 0.3,
				  'ウ', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
				FROM resident r, organisation o WHERE o.client_id = ?""", insurer.clientId());
		RegistryLoad.report("eligibility.covered_residents", covered);
		EligibilityLoad.Organisation clinic = EligibilityLoad.organisation(http, base, server.token(), "clinic",
				"13" + String.format("%08d", Math.floorMod(System.nanoTime(), 100_000_000)), "eligibility:check");

		String challengeUrl = base + "/api/v1/eligibility/challenges";
		String checkUrl = base + "/api/v1/eligibility/checks";
		List<CostLoad.Round> results = new ArrayList<>();
		double rate = 3000;
		for (int r = 0; r <= rounds; r++) {
			int length = Math.min(LONGEST_WINDOW, r == 0 ? warmUp : seconds);
			int count = (int) Math.max(10_000, rate * length * 2);
			List<String[]> challenges = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				challenges.add(new String[] { "POST", "Authorization: DPoP " + clinic.accessToken(),
						"DPoP: " + OidcLoad.dpop(OidcLoad.DPOP_KEY, "POST", challengeUrl, clinic.accessToken()), "" });
			}
			Path saved = dir.resolve("challenges-" + r);
			CostLoad.Round asked = CostLoad.measure("eligibility_challenge", measured, challengeUrl, length,
					Wrk.requests(dir, "challenges", challenges), dir, 201, saved);
			rate = asked.ok() / asked.load().seconds();
			// the presentations and the clinic's proofs, signed outside the windows
			List<String[]> checks = new ArrayList<>();
			for (int t = 0; t < Wrk.THREADS; t++) {
				for (String line : Files.readAllLines(Path.of(saved + "." + t))) {
					String challenge = JSON.readTree(line).get("challenge").asString();
					OidcLoad.Card card = cards.get(checks.size() % cards.size());
					String presentation = EligibilityPresentation.make(challenge, "pin", card.key(), null, card.certificate());
					checks.add(new String[] { "POST", "Authorization: DPoP " + clinic.accessToken(),
							"DPoP: " + OidcLoad.dpop(OidcLoad.DPOP_KEY, "POST", checkUrl, clinic.accessToken()),
							"Content-Type: application/json", "{\"presentation\":\"" + presentation + "\"}" });
				}
			}
			CostLoad.Round checked = CostLoad.measure("eligibility_check", measured, checkUrl, length,
					Wrk.requests(dir, "checks", checks), dir, 200, null);
			if (r > 0) {
				asked.report();
				checked.report();
				results.add(asked);
				results.add(checked);
				RegistryLoad.report("eligibility.tsunagu.server_cpu_us_per_check_with_its_challenge",
						asked.serverMicrosPerOp() + checked.serverMicrosPerOp());
				RegistryLoad.report("eligibility.tsunagu.postgres_cpu_us_per_check_with_its_challenge",
						asked.postgresMicrosPerOp() + checked.postgresMicrosPerOp());
			}
		}
		return results;
	}

}
