package org.tsunagu.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import tools.jackson.databind.JsonNode;

/**
 * What an operation costs the server: its CPU time per operation (user and system, both cores, from
 * {@code /proc}) and PostgreSQL's, beside throughput and latency, with the load tool ({@code wrk}, native) off the
 * cryptographic path: every assertion and DPoP proof is signed before the timed window. The server runs in a
 * process of its own; a Keycloak started by {@code tsunagu-bench/keycloak/setup} is measured in the same run,
 * alternating round by round with the same client key, the same requests and the same database server.
 * <pre>
 * ./tsunagu-bench/run CostLoad --db postgresql --seconds 20 --rounds 3 --warm-up 30
 *     [--keycloak-url http://localhost:18180 --keycloak-dir /tmp/keycloak]
 * ./tsunagu-bench/run CostLoad --short true      (a minute in all: 10 s rounds, one each, for comparing changes)
 * ./tsunagu-bench/run CostLoad --short true --only grants --server-java-options -XX:StartFlightRecording=filename=/tmp/s.jfr,settings=profile
 * ./tsunagu-bench/run ProfileSummary /tmp/s.jfr     (where the server's request threads spent their samples)
 * </pre>
 */
public final class CostLoad {

	static final int CONNECTIONS = 16;

	private CostLoad() {
	}

	/** A server measured: its JVM's process id, and the client-credentials grant it is sent. */
	record Measured(String name, long pid, OidcLoad.Target target) {
	}

	/** One round's figures. */
	record Round(String path, String server, Wrk.Result load, long serverCpuNanos, long postgresCpuNanos, long rssMib,
			long compilerCpuNanos) {

		Round(String path, String server, Wrk.Result load, long serverCpuNanos, long postgresCpuNanos, long rssMib) {
			this(path, server, load, serverCpuNanos, postgresCpuNanos, rssMib, 0);
		}

		/** Of the server's CPU per operation, what its JIT compiler threads took: warm-up still under way. */
		long compilerMicrosPerOp() {
			return this.compilerCpuNanos / 1000 / Math.max(1, ok());
		}

		long ok() {
			return this.load.requests() - this.load.errors();
		}

		long serverMicrosPerOp() {
			return this.serverCpuNanos / 1000 / Math.max(1, ok());
		}

		long postgresMicrosPerOp() {
			// a backend that exits in the window takes its time with it: never below nothing
			return Math.max(0, this.postgresCpuNanos) / 1000 / Math.max(1, ok());
		}

		void report() {
			String key = this.path + "." + this.server;
			RegistryLoad.report(key + ".per_second", String.format("%.0f", ok() / this.load.seconds()));
			RegistryLoad.report(key + ".errors", this.load.errors());
			RegistryLoad.report(key + ".p50_ms", String.format("%.2f", this.load.p50Micros() / 1000.0));
			RegistryLoad.report(key + ".p99_ms", String.format("%.2f", this.load.p99Micros() / 1000.0));
			RegistryLoad.report(key + ".server_cpu_us_per_op", serverMicrosPerOp());
			RegistryLoad.report(key + ".postgres_cpu_us_per_op", postgresMicrosPerOp());
			RegistryLoad.report(key + ".server_jit_cpu_us_per_op", compilerMicrosPerOp());
			RegistryLoad.report(key + ".load_tool_cpu_us_per_op", this.load.wrkCpuNanos() / 1000 / Math.max(1, ok()));
			RegistryLoad.report(key + ".rss_mib", this.rssMib);
		}

	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RegistryLoad.options(args);
		boolean quick = Boolean.parseBoolean(options.getOrDefault("short", "false"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", quick ? "10" : "20"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", quick ? "1" : "3"));
		int warmUp = Integer.parseInt(options.getOrDefault("warm-up", quick ? "10" : "30"));
		String db = options.getOrDefault("db", "postgresql");
		Path dir = Files.createTempDirectory("tsunagu-cost");
		try (ServerProcess server = ServerProcess.start(db, options, dir.resolve("data"), "--tsunagu.pki.ceremony=true",
				"--tsunagu.rate-limit-scale=1000", "--tsunagu.organisations.loopback-endpoints=true")) {
			RegistryLoad.report("database", db);
			RegistryLoad.report("tsunagu.start_to_healthy_s", String.format("%.1f", server.startToHealthy().toMillis() / 1000.0));
			// idle: 15 s after start, with nothing sent, past the launcher's periodic collection (10 s)
			Thread.sleep(15_000);
			RegistryLoad.report("tsunagu.idle_rss_mib", ProcessCpu.rssMib(server.pid()));
			List<Measured> servers = new ArrayList<>();
			servers.add(new Measured("tsunagu", server.pid(), register(server)));
			if (options.containsKey("keycloak-url")) {
				servers.add(keycloak(options));
			}
			List<Round> results = new ArrayList<>();

			// an unauthenticated request served from memory: the request path's own floor (--only names one path, for
			// a profile of that path alone: checkpoint, ocsp, reads, eligibility, exchange or grants)
			String only = options.getOrDefault("only", "");
			for (int r = 0; r <= rounds && (only.isEmpty() || only.equals("checkpoint")); r++) {
				Round round = measure("checkpoint", servers.get(0), server.base() + "/log/checkpoint", r == 0 ? warmUp : seconds,
						null, dir);
				if (r > 0) {
					round.report();
					results.add(round);
				}
			}
			// an OCSP answer with a nonce (RFC 6960 / 9654): the request parsed, the card's status read, the answer signed
			if (only.isEmpty() || only.equals("ocsp")) {
				results.addAll(CostOcsp.measure(server, servers.get(0), rounds, warmUp, seconds, dir));
			}
			// an authenticated request that reads one row: a DPoP-bound service token and a fresh proof checked, the
			// proof's id recorded, the token's liveness read, and a resident looked up who is not there (404)
			double readRate = 3000;
			for (int r = 0; r <= rounds && (only.isEmpty() || only.equals("reads")); r++) {
				int length = r == 0 ? warmUp : seconds;
				int count = (int) Math.max(20_000, readRate * length * 3);
				Round round;
				while (true) {
					Path requests = Wrk.requests(dir, "reads", reads(servers.get(0).target(), count));
					round = measure("authenticated_read", servers.get(0), servers.get(0).target().issuer() + READ, length,
							requests, dir);
					if (round.load().requests() < count - CONNECTIONS) {
						break;
					}
					count *= 2;
				}
				readRate = round.load().requests() / round.load().seconds();
				if (r > 0) {
					round.report();
					results.add(round);
				}
			}
			// eligibility checks, each with its challenge (PostgreSQL: coverage is written beside the server)
			if ((only.isEmpty() || only.equals("eligibility")) && db.equals("postgresql")) {
				results.addAll(CostEligibility.measure(server, servers.get(0), options, rounds, warmUp, seconds, dir));
			}
			// exchanges relayed by the hub between two reference agencies in this process
			if (only.isEmpty() || only.equals("exchange")) {
				results.addAll(CostExchange.measure(server, servers.get(0), rounds, warmUp, seconds));
			}
			// client-credentials grants with private_key_jwt and DPoP, alternating between the servers
			Map<String, Double> rate = new LinkedHashMap<>();
			for (int r = 0; r <= rounds && (only.isEmpty() || only.equals("grants")); r++) {
				for (Measured s : servers) {
					int length = r == 0 ? warmUp : seconds;
					int count = (int) Math.max(20_000, rate.getOrDefault(s.name(), 1500.0) * length * 3);
					Round round;
					// wrk runs for the whole window even when every request was sent: a round that ran out is run
					// again with twice as many, so that the figures are never capped by the requests made
					while (true) {
						Path requests = Wrk.requests(dir, "grants-" + s.name(), grants(s.target(), count));
						round = measure("client_credentials", s, s.target().tokenUrl(), length, requests, dir);
						if (round.load().requests() < count - CONNECTIONS) {
							break;
						}
						count *= 2;
					}
					rate.put(s.name(), round.ok() / round.load().seconds());
					if (r > 0) {
						round.report();
						results.add(round);
					}
				}
			}
			org.slf4j.LoggerFactory.getLogger("org.tsunagu.bench").info("The rounds, for docs/performance.md:\n{}", table(results));
		}
	}

	/** One timed window: the load, and the CPU the server and PostgreSQL spent in it. */
	static Round measure(String path, Measured server, String url, int seconds, Path requests, Path dir)
			throws Exception {
		return measure(path, server, url, seconds, requests, dir, path.equals("authenticated_read") ? 404 : 200, null);
	}

	/** As above, with the answer expected, and where to keep the answers' bodies (null: nowhere). */
	static Round measure(String path, Measured server, String url, int seconds, Path requests, Path dir, int expected,
			Path saveTo) throws Exception {
		long cpu = ProcessCpu.of(server.pid());
		long jit = ProcessCpu.compiler(server.pid());
		long pg = ProcessCpu.postgres();
		Wrk.Result load = Wrk.run(url, seconds, CONNECTIONS, requests, expected, dir, saveTo);
		return new Round(path, server.name(), load, ProcessCpu.of(server.pid()) - cpu, ProcessCpu.postgres() - pg,
				ProcessCpu.rssMib(server.pid()), Math.max(0, ProcessCpu.compiler(server.pid()) - jit));
	}

	/** A resident who is not in the registry: the read answers 404 after one primary-key lookup. */
	static final String READ = "/api/v1/residents/" + java.util.UUID.randomUUID();

	/**
	 * Reads with one DPoP-bound service token (obtained now, so that it outlives the window) and a fresh proof for
	 * each; 404 is the expected answer, so it is not counted as an error.
	 */
	static List<String[]> reads(OidcLoad.Target target, int count) throws Exception {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		form.put("scope", target.serviceScope());
		form.put("client_id", target.clientId());
		form.put("client_assertion_type", OidcLoad.ASSERTION_TYPE);
		form.put("client_assertion", OidcLoad.assertion(target));
		var granted = OidcLoad.send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(target.tokenUrl()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("DPoP", OidcLoad.dpop(OidcLoad.DPOP_KEY, "POST", target.tokenUrl(), null))
			.POST(HttpRequest.BodyPublishers.ofString(OidcLoad.form(form))));
		String token = OidcLoad.JSON.readTree(granted.body()).get("access_token").asString();
		String url = target.issuer() + READ;
		List<String[]> reads = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			reads.add(new String[] { "GET", "Authorization: DPoP " + token,
					"DPoP: " + OidcLoad.dpop(OidcLoad.DPOP_KEY, "GET", url, token), "" });
		}
		return reads;
	}

	/** {@code DPoP} proof and form body of each grant, each with its own assertion and proof ids. */
	static List<String[]> grants(OidcLoad.Target target, int count) throws Exception {
		List<String[]> grants = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Map<String, String> form = new LinkedHashMap<>();
			form.put("grant_type", "client_credentials");
			form.put("scope", target.serviceScope());
			form.put("client_id", target.clientId());
			form.put("client_assertion_type", OidcLoad.ASSERTION_TYPE);
			form.put("client_assertion", OidcLoad.assertion(target));
			grants.add(new String[] { "POST", "Content-Type: application/x-www-form-urlencoded",
					"DPoP: " + OidcLoad.dpop(OidcLoad.DPOP_KEY, "POST", target.tokenUrl(), null), OidcLoad.form(form) });
		}
		return grants;
	}

	/** A relying party with a service scope on the measured server, as OidcLoad registers it. */
	static OidcLoad.Target register(ServerProcess server) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
		String redirect = "https://bench.example/callback";
		String registration = """
				{"name":{"en":"Bench","ja":"ベンチ"},"kind":"private","sectorIdentifier":"https://bench.example",
				 "redirectUris":["%s"],"jwks":{"keys":[%s]},"scopes":["openid","profile"],"maxAssurance":"high",
				 "policyUrl":"https://bench.example/p","serviceScopes":["registry:read"]}"""
			.formatted(redirect, key.toPublicJWK().toJSONString());
		JsonNode registered = OidcLoad.JSON.readTree(OidcLoad.send(http, HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/relying-parties"))
			.header("Authorization", "Bearer " + server.token())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(registration))).body());
		String base = server.base();
		return new OidcLoad.Target("tsunagu", base, base + "/oauth2/token", base + "/oauth2/par", base + "/oauth2/authorize",
				registered.get("clientId").asString(), key, redirect, "registry:read");
	}

	/** The Keycloak that {@code tsunagu-bench/keycloak/setup} started, with the client key it wrote. */
	static Measured keycloak(Map<String, String> options) throws Exception {
		Path kc = Path.of(options.getOrDefault("keycloak-dir", "/tmp/keycloak"));
		String base = options.get("keycloak-url") + "/realms/" + options.getOrDefault("realm", "bench");
		ECKey key = ECKey.parse(Files.readString(kc.resolve("client.jwk")));
		long pid = ProcessCpu.java(Long.parseLong(Files.readString(kc.resolve("server.pid")).strip()));
		RegistryLoad.report("keycloak.rss_mib", ProcessCpu.rssMib(pid));
		return new Measured("keycloak", pid, new OidcLoad.Target("keycloak", base, base + "/protocol/openid-connect/token",
				base + "/protocol/openid-connect/ext/par/request", base + "/protocol/openid-connect/auth",
				options.getOrDefault("client-id", "bench"), key, "https://bench.example/callback",
				options.getOrDefault("scope", "profile")));
	}

	/** The rounds as a Markdown table, for docs/performance.md. */
	static String table(List<Round> rounds) {
		StringBuilder t = new StringBuilder("| path | server | ops/s | p50 ms | p99 ms | server CPU µs/op | of which JIT "
				+ "| PostgreSQL CPU µs/op | wrk CPU µs/op | RSS MiB | errors |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Round r : rounds) {
			t.append(String.format("| %s | %s | %.0f | %.2f | %.2f | %d | %d | %d | %d | %d | %d |%n", r.path(), r.server(),
					r.ok() / r.load().seconds(), r.load().p50Micros() / 1000.0, r.load().p99Micros() / 1000.0,
					r.serverMicrosPerOp(), r.compilerMicrosPerOp(), r.postgresMicrosPerOp(),
					r.load().wrkCpuNanos() / 1000 / Math.max(1, r.ok()),
					r.rssMib(), r.load().errors()));
		}
		return t.toString();
	}

}
