package org.tsunagu.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.tsunagu.agency.AgencyClient;
import org.tsunagu.agency.ReferenceAgency;
import org.tsunagu.exchange.internal.AgencyCodes;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.SigningKeyFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Relayed exchanges end to end: the requesting agency signs each request (a new request id every time), the hub
 * checks the signature, translates the code, checks the legal-basis table, signs the request to the providing
 * agency (the reference agency, on loopback in this process), checks the provider's signed answer, signs the
 * result, stores the four messages and appends the log entry. The provider's own round trip is measured alone
 * with requests signed by the hub's key, so that the hub's overhead is the difference.
 *
 * <pre>
 * ./tsunagu-bench/run ExchangeLoad --db postgresql --residents 100000 --linked 10000 --seconds 20 --clients 16 --rate 200
 * </pre>
 */
public final class ExchangeLoad {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ExchangeLoad() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RegistryLoad.options(args);
		String db = options.getOrDefault("db", "postgresql");
		int residents = Integer.parseInt(options.getOrDefault("residents", "100000"));
		int linked = Integer.parseInt(options.getOrDefault("linked", "10000"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
		int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
		int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
		Path dataDir = Files.createTempDirectory("tsunagu-bench");
		// the provider answers on loopback, next to the server
		try (BenchServer bench = BenchServer.start(db, options, dataDir,
				"--tsunagu.rate-limit-scale=1000",
				"--tsunagu.organisations.loopback-endpoints=true")) {
			ConfigurableApplicationContext server = bench.context();
			String base = bench.base();
			String token = bench.token();
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			RegistryLoad.report("database", db);
			RegistryLoad.importResidents(http, base, token, residents, Files.createTempDirectory("exchange-bench"));

			int port;
			try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
				port = free.getLocalPort();
			}
			Registered city = register(server, "bench-city-" + System.nanoTime() % 100000, null);
			Registered tax = register(server, "bench-tax-" + System.nanoTime() % 100000, "http://127.0.0.1:" + port + "/exchange");
			AgencyClient cityClient = new AgencyClient(base, city.organisation().clientId(), city.key());
			AgencyClient taxClient = new AgencyClient(base, tax.organisation().clientId(), tax.key());
			post(http, base + "/api/v1/exchange/rules", token, """
					{"requester":"%s","provider":"%s","item":"income-certificate","purpose":"child-allowance",
					 "provision":"Number Use Act, Article 19(8) (benchmark)","validFrom":"2017-11-13","validTo":null}"""
				.formatted(city.organisation().id(), tax.organisation().id()));

			// link the first --linked residents to both agencies, as their /codes calls would
			var jdbc = new org.springframework.jdbc.core.JdbcTemplate(server.getBean(javax.sql.DataSource.class));
			AgencyCodes codes = server.getBean(AgencyCodes.class);
			List<String> cityCodes = new ArrayList<>();
			long start = System.nanoTime();
			try (ReferenceAgency provider = new ReferenceAgency(taxClient, tax.organisation().id().toString(),
					"income-certificate")) {
				for (UUID resident : jdbc.queryForList("SELECT id FROM resident ORDER BY id LIMIT " + linked, UUID.class)) {
					cityCodes.add(codes.linkResident(city.organisation(), resident));
					provider.keep(codes.linkResident(tax.organisation(), resident), JSON.createObjectNode()
						.put("fiscalYear", 2025)
						.put("totalIncome", 1_800_000 + ThreadLocalRandom.current().nextInt(90) * 100_000)
						.put("currency", "JPY"));
				}
				RegistryLoad.report("exchange.linked", cityCodes.size());
				RegistryLoad.report("exchange.link.seconds", String.format("%.1f", (System.nanoTime() - start) / 1e9));
				provider.start("127.0.0.1", port);

				OidcLoad.Call exchange = () -> {
					String subject = cityCodes.get(ThreadLocalRandom.current().nextInt(cityCodes.size()));
					HttpResponse<String> answer = cityClient.request(cityClient.signRequest(UUID.randomUUID().toString(),
							subject, tax.organisation().id().toString(), "income-certificate", "child-allowance"));
					if (answer.statusCode() != 200) {
						throw new IllegalStateException("exchange: " + answer.statusCode() + " " + answer.body());
					}
				};
				OidcLoad.closedLoop(exchange, OidcLoad.WARM_UP_SECONDS, clients);
				long[] latencies = OidcLoad.closedLoop(exchange, seconds, clients);
				RegistryLoad.report("exchange.per_second", latencies.length / seconds);
				RegistryLoad.report("exchange.closed_loop.p50.ms", OidcLoad.ms(OidcLoad.percentile(latencies, 0.50)));
				RegistryLoad.report("exchange.closed_loop.p99.ms", OidcLoad.ms(OidcLoad.percentile(latencies, 0.99)));
				long[] paced = OidcLoad.openLoop(exchange, seconds, rate);
				RegistryLoad.report("exchange.at_" + rate + "_per_s.p50.ms", OidcLoad.ms(OidcLoad.percentile(paced, 0.50)));
				RegistryLoad.report("exchange.at_" + rate + "_per_s.p99.ms", OidcLoad.ms(OidcLoad.percentile(paced, 0.99)));

				// the provider alone, at the same rate: requests signed with the hub's key straight to it
				ECKey hub = SigningKeyFiles.loadOrCreate(dataDir.resolve("keys"), "exchange-signing-key");
				ECDSASigner signer = new ECDSASigner(hub);
				String endpoint = "http://127.0.0.1:" + port + "/exchange";
				List<String> taxCodes = jdbc.queryForList("SELECT code FROM exchange_code WHERE agency_id = ?", String.class,
						tax.organisation().id());
				OidcLoad.Call direct = () -> {
					JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256)
						.type(new JOSEObjectType("exchange-request+jwt"))
						.keyID(hub.getKeyID())
						.build(), new Payload(JSON.createObjectNode()
							.put("aud", tax.organisation().id().toString())
							.put("requestId", UUID.randomUUID().toString())
							.put("subject", taxCodes.get(ThreadLocalRandom.current().nextInt(taxCodes.size())))
							.put("item", "income-certificate")
							.put("purpose", "child-allowance")
							.put("iat", Instant.now().getEpochSecond())
							.toString()));
					synchronized (signer) {
						jws.sign(signer);
					}
					HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(endpoint))
						.header("Content-Type", "application/jose")
						.POST(HttpRequest.BodyPublishers.ofString(jws.serialize()))
						.build(), HttpResponse.BodyHandlers.ofString());
					if (answer.statusCode() != 200) {
						throw new IllegalStateException("provider: " + answer.statusCode() + " " + answer.body());
					}
				};
				long[] alone = OidcLoad.openLoop(direct, seconds, rate);
				RegistryLoad.report("provider.at_" + rate + "_per_s.p50.ms", OidcLoad.ms(OidcLoad.percentile(alone, 0.50)));
				RegistryLoad.report("provider.at_" + rate + "_per_s.p99.ms", OidcLoad.ms(OidcLoad.percentile(alone, 0.99)));
				RegistryLoad.report("exchange.rows", jdbc.queryForObject("SELECT COUNT(*) FROM exchange_request", Long.class));
			}
		}
	}

	private record Registered(Organisation organisation, ECKey key) {
	}

	private static Registered register(ConfigurableApplicationContext server, String identifier, String endpoint)
			throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID(identifier).generate();
		Organisation registered = server.getBean(Organisations.class)
			.register("agency", new Organisation.Names("Bench " + identifier, "ベンチ"), identifier,
					new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toJSONObject(),
					endpoint == null ? "http://127.0.0.1:9/exchange" : endpoint, "bench");
		return new Registered(registered, key);
	}

	static JsonNode post(HttpClient http, String url, String token, String json) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

}
