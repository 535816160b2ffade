package org.tsunagu.eligibility.internal;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.DemoStart;
import org.tsunagu.platform.SecretFiles;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.registry.Residents;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the embedded default's first start, the clinic scenario's cast: two demo insurers and a demo clinic, each
 * with its key in {@code <data dir>/demo-orgs/} (for the examples that act as them). The demo card holder has just
 * changed jobs: insured by the demo health insurance society since the fiscal year before last, and by the demo
 * mutual aid association from the first of this month, which recorded them before the society ended its coverage;
 * so the clinic is shown both, flagged, until the society ends it.
 */
@Component
class DemoInsurance {

	static final String INSURER_NUMBER = "06139999";

	static final String MUTUAL_AID_NUMBER = "31139999";

	static final String CLINIC_CODE = "1310000001";

	private static final Logger log = LoggerFactory.getLogger(DemoInsurance.class);

	private final Residents residents;

	private final Organisations organisations;

	private final CoverageRecords coverage;

	private final Path dir;

	private final boolean enabled;

	private final java.util.function.Supplier<LocalDate> today;

	DemoInsurance(Residents residents, Organisations organisations, CoverageRecords coverage,
			TsunaguProperties properties, @Value("${tsunagu.demo.enabled:auto}") String enabled,
			@Value("${spring.datasource.url:}") String databaseUrl) {
		this.residents = residents;
		this.organisations = organisations;
		this.coverage = coverage;
		this.dir = properties.dataDir().resolve("demo-orgs");
		this.today = () -> properties.today(java.time.Clock.systemUTC());
		this.enabled = org.tsunagu.platform.DemoStart.onEmbedded(enabled, databaseUrl);
	}

	@EventListener(ApplicationReadyEvent.class)
	void createOnFirstStart() {
		if (!this.enabled || Files.exists(this.dir.resolve("clinic.json"))) {
			return;
		}
		DemoStart.when("demo-insurance", () -> this.residents.findByExternalReference("demo-card-holder"), (holder) -> {
			try {
				create(holder);
			}
			catch (RuntimeException ex) {
				log.warn("No demo insurer and clinic: {}", org.tsunagu.platform.Failures.describe(ex));
			}
		}, () -> log.warn("No demo insurer and clinic: the demo resident is missing"));
	}

	private void create(UUID holder) {
		Organisation insurer = organisation("insurer", "insurer", INSURER_NUMBER, "Tsunagu Demo Health Insurance Society",
				"つなぐデモ健康保険組合");
		Organisation mutualAid = organisation("insurer", "mutual-aid", MUTUAL_AID_NUMBER,
				"Tsunagu Demo Mutual Aid Association", "つなぐデモ共済組合");
		LocalDate today = this.today.get();
		LocalDate lastFiscalYear = LocalDate.of(today.getMonthValue() >= 4 ? today.getYear() - 1 : today.getYear() - 2, 4, 1);
		this.coverage.putLinked(insurer, "DEMO-0001", holder, new CoverageForm(null, null, null, "insured", "記号1",
				"1234", "01", lastFiscalYear.toString(), null, new BigDecimal("0.3"), "ウ", null, true));
		this.coverage.putLinked(mutualAid, "KYOSAI-0001", holder, new CoverageForm(null, null, null, "insured", "共済7",
				"89", null, today.withDayOfMonth(1).toString(), null, new BigDecimal("0.3"), "エ", null, false));
		// the clinic's key file last: its presence says the whole cast is ready
		organisation("clinic", "clinic", CLINIC_CODE, "Chiyoda Demo Clinic", "千代田デモクリニック");
		log.info("Demo insurers {} and {} and clinic {} ready; keys in {}", INSURER_NUMBER, MUTUAL_AID_NUMBER, CLINIC_CODE,
				this.dir.toAbsolutePath().normalize());
	}

	/** @param file the name of its key file in {@code demo-orgs}, without {@code .json} */
	private Organisation organisation(String kind, String file, String identifier, String en, String ja) {
		return org.tsunagu.organisation.DemoOrganisations.registerWithKeyFile(this.organisations, this.dir, file, kind,
				identifier, en, ja);
	}

}
