package org.tsunagu.portal.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.oidc.PortalClient;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where the account lives, and so which redirect URIs it registers with the provider: the configured public URL
 * ({@code tsunagu.public-url}) or, when none is set, this server on loopback by name and by address (RFC 8252), so
 * that a browser at either comes back to the host that holds its session. The provider learns them once the
 * server has its port.
 */
@Component
class AccountAddresses {

	private final TsunaguProperties properties;

	private final PortalClient portal;

	private final AccountClient client;

	private volatile List<String> bases = List.of();

	AccountAddresses(TsunaguProperties properties, PortalClient portal, AccountClient client) {
		this.properties = properties;
		this.portal = portal;
		this.client = client;
	}

	@EventListener
	void on(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return;
		}
		String configured = this.properties.publicUrl();
		List<String> found = new ArrayList<>();
		if (configured != null && !configured.isBlank()) {
			found.add(configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured);
		}
		else {
			int port = event.getWebServer().getPort();
			found.add("http://localhost:" + port);
			found.add("http://127.0.0.1:" + port);
		}
		this.bases = List.copyOf(found);
		this.portal.register(this.client.publicKey(), this.bases.stream().map((b) -> b + "/callback").toList(),
				this.bases.stream().map((b) -> b + "/").toList());
	}

	/** The base URL this request came to, when it is one the account is registered at. */
	Optional<String> base(HttpServletRequest request) {
		String configured = this.properties.publicUrl();
		if (configured != null && !configured.isBlank()) {
			return this.bases.stream().findFirst();
		}
		String here = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
		return this.bases.contains(here) ? Optional.of(here) : Optional.empty();
	}

}
