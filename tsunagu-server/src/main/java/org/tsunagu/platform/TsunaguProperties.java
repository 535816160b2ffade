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
 */
@ConfigurationProperties("tsunagu")
public record TsunaguProperties(@DefaultValue("./var") Path dataDir, @DefaultValue("jp") String profile,
		@DefaultValue("") String publicUrl) {
}
