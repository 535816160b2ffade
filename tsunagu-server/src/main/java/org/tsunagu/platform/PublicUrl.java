package org.tsunagu.platform;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** The server's public base URL, without a trailing slash, for links that leave the server (certificates). */
@Component
public final class PublicUrl {

	private final TsunaguProperties properties;

	private final Environment environment;

	public PublicUrl(TsunaguProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	public String base() {
		String configured = this.properties.publicUrl();
		if (!configured.isBlank()) {
			return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
		}
		return "http://localhost:" + this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
	}

	public String resolve(String path) {
		return base() + path;
	}

}
