package org.tsunagu.bench;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.tsunagu.agency.AgencyClient;
import org.tsunagu.agency.ReferenceAgency;
import org.tsunagu.registry.demo.SyntheticPopulation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exchange hub's cost per relayed exchange for {@link CostLoad}: a city asks the tax office for an income
 * certificate through the hub (the city's signed request and DPoP proof, the hub's checks of both, the code
 * translated, the legal basis looked up, the hub's signed request to the provider, the provider's signed answer
 * checked, the result signed, four messages stored and the log entry appended). Both agencies are the reference
 * agency in this process, so the server's CPU in the window is the hub's alone. The requests are sent by 16 client
 * threads of this process rather than {@code wrk}, since the agency's DPoP key stays inside its client; that costs
 * this process CPU, not the server.
 */
final class CostExchange {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern NUMBER = Pattern.compile("\"individualNumber\":\"(\\d{12})\"");

	private CostExchange() {
	}

	static List<CostLoad.Round> measure(ServerProcess server, CostLoad.Measured measured, int rounds, int warmUp,
			int seconds) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		String base = server.base();
		Registered cityRegistered = register(http, server, "bench-city", "http://127.0.0.1:9/exchange");
		Registered taxRegistered = register(http, server, "bench-tax", "http://127.0.0.1:" + port + "/exchange");
		AgencyClient city = cityRegistered.client(base);
		AgencyClient tax = taxRegistered.client(base);
		String taxId = taxRegistered.id();
		ExchangeLoad.post(http, base + "/api/v1/exchange/rules", server.token(), """
				{"requester":"%s","provider":"%s","item":"income-certificate","purpose":"child-allowance",
				 "provision":"Number Use Act, Article 19(8) (benchmark)","validFrom":"2017-11-13","validTo":null}"""
			.formatted(cityRegistered.id(), taxId));
		List<CostLoad.Round> results = new ArrayList<>();
		try (ReferenceAgency provider = new ReferenceAgency(tax, taxId, "income-certificate")) {
			// residents enrolled through the API, linked by number at both agencies as their /codes calls do
			List<String> cityCodes = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				String body = ExchangeLoad.post(http, base + "/api/v1/residents", server.token(), new SyntheticPopulation(i, "exchange-" + System.nanoTime())
					.nextLine()
					.replaceFirst("\"externalReference\":\"[^\"]*\",", "\"confirmDifferentPerson\":true,")).toString();
				Matcher m = NUMBER.matcher(body);
				if (m.find()) {
					cityCodes.add(city.link(m.group(1)));
					provider.keepByNumber(m.group(1), JSON.createObjectNode()
						.put("fiscalYear", 2025)
						.put("totalIncome", 1_800_000 + i * 10_000)
						.put("currency", "JPY"));
				}
			}
			RegistryLoad.report("exchange.linked", cityCodes.size());
			provider.start("127.0.0.1", port);
			OidcLoad.Call exchange = () -> {
				String subject = cityCodes.get(ThreadLocalRandom.current().nextInt(cityCodes.size()));
				HttpResponse<String> answer = city.request(city.signRequest(UUID.randomUUID().toString(), subject, taxId,
						"income-certificate", "child-allowance"));
				if (answer.statusCode() != 200) {
					throw new IllegalStateException("exchange: " + answer.statusCode() + " " + answer.body());
				}
			};
			for (int r = 0; r <= rounds; r++) {
				long cpu = ProcessCpu.of(measured.pid());
				long jit = ProcessCpu.compiler(measured.pid());
				long pg = ProcessCpu.postgres();
				long start = System.nanoTime();
				long[] latencies = OidcLoad.closedLoop(exchange, r == 0 ? warmUp : seconds, CostLoad.CONNECTIONS);
				double elapsed = (System.nanoTime() - start) / 1e9;
				java.util.Arrays.sort(latencies);
				Wrk.Result load = new Wrk.Result(latencies.length, 0, elapsed,
						latencies[latencies.length / 2] / 1000, latencies[(int) (latencies.length * 0.99)] / 1000, 0);
				CostLoad.Round round = new CostLoad.Round("exchange_relayed", measured.name(), load,
						ProcessCpu.of(measured.pid()) - cpu, ProcessCpu.postgres() - pg, ProcessCpu.rssMib(measured.pid()),
						Math.max(0, ProcessCpu.compiler(measured.pid()) - jit));
				if (r > 0) {
					round.report();
					results.add(round);
				}
			}
		}
		return results;
	}

	/** An agency registered at the hub, with its signing key. */
	private record Registered(JsonNode organisation, ECKey key) {

		String id() {
			return this.organisation.get("id").asString();
		}

		AgencyClient client(String base) {
			return new AgencyClient(base, this.organisation.get("clientId").asString(), this.key);
		}

	}

	private static Registered register(HttpClient http, ServerProcess server, String name, String endpoint) throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID(name + "-key").generate();
		return new Registered(ExchangeLoad.post(http, server.base() + "/api/v1/organisations", server.token(), """
				{"kind":"agency","name":{"en":"%s","ja":"ベンチ"},"identifier":"%s-%d","jwks":{"keys":[%s]},
				 "endpoint":"%s"}""".formatted(name, name, System.nanoTime() % 1_000_000, key.toPublicJWK().toJSONString(),
				endpoint)), key);
	}


}
