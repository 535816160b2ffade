package org.tsunagu.pki.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the CA key store and runs the key ceremony on first start where that is wanted. */
@Configuration(proxyBeanMethods = false)
class CaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(CaConfiguration.class);

	@Bean
	CaKeys caKeys(PkiProperties pki, TsunaguProperties properties) {
		return switch (pki.keystore()) {
			case "pkcs11" -> new Pkcs11CaKeys(pki.pkcs11Library(), pki.pkcs11Slot(), pki.pkcs11Pin());
			case "pkcs12" -> new Pkcs12CaKeys(properties.dataDir().resolve("pki"), pki.keystorePassword());
			default -> throw new IllegalStateException("tsunagu.pki.keystore is pkcs12 or pkcs11");
		};
	}

	/** On first start: the ceremony runs when {@code tsunagu.pki.ceremony} says so ({@code auto}: embedded H2). */
	@Bean
	ApplicationListener<ApplicationReadyEvent> ceremonyOnFirstStart(CaCeremony ceremony, PkiProperties pki,
			@Value("${spring.datasource.url:}") String databaseUrl) {
		boolean wanted = org.tsunagu.platform.DemoStart.onEmbedded(pki.ceremony(), databaseUrl);
		return (event) -> {
			if (wanted && !ceremony.done()) {
				ceremony.run();
			}
			else if (!ceremony.done()) {
				log.warn("No CA hierarchy yet: cards cannot be issued until the key ceremony runs (./tsunagu ceremony)");
			}
		};
	}

}
