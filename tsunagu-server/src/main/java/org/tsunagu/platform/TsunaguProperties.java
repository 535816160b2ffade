package org.tsunagu.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every module shares.
 *
 * @param dataDir where the server keeps its files (the embedded database, keys, the operator credential);
 * {@code TSUNAGU_DATA_DIR}, {@code ./var} by default
 * @param profile the jurisdiction profile ({@code jp}): number scheme and assurance vocabulary
 * @param publicUrl the base URL the world reaches this server at ({@code TSUNAGU_PUBLIC_URL}), written into
 * certificates; when empty, {@code http://localhost:<port>}
 * @param zone the country's time zone ({@code TSUNAGU_ZONE}, {@code Asia/Tokyo} by default): the day a coverage
 * or a rule of law is valid on, and the day an eligibility check is made, are days there
 */
@ConfigurationProperties("tsunagu")
public record TsunaguProperties(@DefaultValue("./var") Path dataDir, @DefaultValue("jp") String profile,
		@DefaultValue("") String publicUrl, @DefaultValue("Asia/Tokyo") java.time.ZoneId zone) {

	/** Today in the country's time zone, by this clock. */
	public java.time.LocalDate today(java.time.Clock clock) {
		return java.time.LocalDate.ofInstant(clock.instant(), this.zone);
	}

}
