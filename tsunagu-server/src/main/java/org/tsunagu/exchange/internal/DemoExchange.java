package org.tsunagu.exchange.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.organisation.DemoOrganisations;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.DemoStart;
import org.tsunagu.platform.SecretFiles;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the embedded default's first start, the exchange demo's cast: a tax office and a city (two agencies on
 * loopback, ports 8091 and 8092 unless {@code tsunagu.demo.tax-office-port} and {@code tsunagu.demo.city-port} say
 * otherwise), a rule each way, and the demo card holder and twenty demo residents linked to
 * both. Each agency's file in {@code <data dir>/demo-orgs/} holds its client, key, endpoint and the records it
 * keeps by its own codes, for the reference agency in {@code examples/reference-agency} to serve.
 */
@Component
class DemoExchange {

	static final String TAX_OFFICE = "demo-tax-office";

	static final String CITY = "demo-chiyoda-city";

	/** The Information Provision Network has run in full since this day. */
	static final String SINCE = "2017-11-13";

	private static final Logger log = LoggerFactory.getLogger(DemoExchange.class);

	private final Residents residents;

	private final Organisations organisations;

	private final AgencyCodes codes;

	private final ExchangeRules rules;

	private final JsonMapper json;

	private final Path dir;

	private final boolean enabled;

	private final int taxOfficePort;

	private final int cityPort;

	DemoExchange(Residents residents, Organisations organisations, AgencyCodes codes, ExchangeRules rules, JsonMapper json,
			TsunaguProperties properties, @Value("${tsunagu.demo.enabled:auto}") String enabled,
			@Value("${spring.datasource.url:}") String databaseUrl,
			@Value("${tsunagu.demo.tax-office-port:8091}") int taxOfficePort, @Value("${tsunagu.demo.city-port:8092}") int cityPort) {
		this.taxOfficePort = taxOfficePort;
		this.cityPort = cityPort;
		this.residents = residents;
		this.organisations = organisations;
		this.codes = codes;
		this.rules = rules;
		this.json = json;
		this.dir = properties.dataDir().resolve("demo-orgs");
		this.enabled = org.tsunagu.platform.DemoStart.onEmbedded(enabled, databaseUrl);
	}

	@EventListener(ApplicationReadyEvent.class)
	void createOnFirstStart() {
		if (!this.enabled || Files.exists(this.dir.resolve("tax-office.json"))) {
			return;
		}
		DemoStart.when("demo-exchange", this::people, (people) -> {
			try {
				create(people);
			}
			catch (RuntimeException ex) {
				log.warn("No demo agencies: {}", org.tsunagu.platform.Failures.describe(ex));
			}
		}, () -> log.warn("No demo agencies: the demo residents are missing"));
	}

	/** The demo card holder and the first twenty demo residents, once all are imported. */
	private Optional<List<ResidentFacts>> people() {
		List<ResidentFacts> people = new ArrayList<>();
		for (int i = 0; i <= 20; i++) {
			Optional<ResidentFacts> person = this.residents
				.findByExternalReference(i == 0 ? "demo-card-holder" : "demo-" + i)
				.flatMap(this.residents::find);
			if (person.isEmpty()) {
				return Optional.empty();
			}
			people.add(person.get());
		}
		return Optional.of(people);
	}

	private void create(List<ResidentFacts> people) {
		DemoOrganisations.Registered tax = DemoOrganisations.register(this.organisations, "agency", TAX_OFFICE,
				"Chiyoda Tax Office (demo)", "麹町税務署（デモ）", "http://127.0.0.1:" + this.taxOfficePort + "/exchange");
		DemoOrganisations.Registered city = DemoOrganisations.register(this.organisations, "agency", CITY,
				"Chiyoda City (demo)", "千代田区（デモ）", "http://127.0.0.1:" + this.cityPort + "/exchange");
		String taxId = tax.organisation().id().toString();
		String cityId = city.organisation().id().toString();
		this.rules.add(new ExchangeRules.RuleForm(cityId, taxId, "income-certificate", "child-allowance",
				"Number Use Act, Article 19(8) and its Annex: child allowance (demo)", SINCE, null), "demo");
		this.rules.add(new ExchangeRules.RuleForm(taxId, cityId, "residence-record", "local-tax-assessment",
				"Number Use Act, Article 19(8) and its Annex: local tax assessment (demo)", SINCE, null), "demo");
		SplittableRandom random = new SplittableRandom(20261128L);
		ArrayNode taxRecords = this.json.createArrayNode();
		ArrayNode cityRecords = this.json.createArrayNode();
		for (int i = 0; i < people.size(); i++) {
			ResidentFacts person = people.get(i);
			String label = i == 0 ? "demo-card-holder" : "demo-" + i;
			ObjectNode income = taxRecords.addObject()
				.put("label", label)
				.put("code", this.codes.linkResident(tax.organisation(), person.id()));
			income.putObject("data")
				.put("fiscalYear", 2025)
				.put("totalIncome", 1_800_000 + random.nextInt(90) * 100_000)
				.put("currency", "JPY")
				.put("issuedBy", "Chiyoda Tax Office (demo)");
			ObjectNode residence = cityRecords.addObject()
				.put("label", label)
				.put("code", this.codes.linkResident(city.organisation(), person.id()));
			residence.putObject("data")
				.put("name", person.familyName() + " " + (person.givenName() == null ? "" : person.givenName()))
				.put("reading", person.familyReading() + " " + (person.givenReading() == null ? "" : person.givenReading()))
				.put("address", person.address())
				.put("issuedBy", "Chiyoda City (demo)");
		}
		write("tax-office.json", tax, "income-certificate", taxRecords);
		write("chiyoda-city.json", city, "residence-record", cityRecords);
		log.info("Demo agencies {} and {} ready, with a rule each way; their files are in {}", TAX_OFFICE, CITY,
				this.dir.toAbsolutePath().normalize());
	}

	private void write(String file, DemoOrganisations.Registered agency, String item, ArrayNode records) {
		ObjectNode out = this.json.createObjectNode();
		out.put("organisationId", agency.organisation().id().toString());
		out.put("identifier", agency.organisation().identifier());
		out.put("clientId", agency.organisation().clientId());
		out.put("endpoint", agency.organisation().endpoint());
		out.put("item", item);
		out.set("privateJwk", this.json.readTree(agency.key().toJSONString()));
		out.set("records", records);
		SecretFiles.write(this.dir.resolve(file),
				(this.json.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n").getBytes(StandardCharsets.UTF_8));
	}

}
