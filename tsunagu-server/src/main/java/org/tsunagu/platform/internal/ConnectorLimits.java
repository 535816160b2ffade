package org.tsunagu.platform.internal;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP connector's limits beyond the ones {@code server.tomcat.*} sets in {@code application.yml}: the
 * deadline for a request's headers ({@code tsunagu.http.header-deadline}, 10 s), which Tomcat does not offer.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ConnectorLimits {

	@Bean
	WebServerFactoryCustomizer<TomcatWebServerFactory> headerDeadline(
			@Value("${tsunagu.http.header-deadline:10s}") Duration deadline) {
		return (factory) -> {
			factory.setProtocol(HeaderDeadlineProtocol.class.getName());
			factory.addProtocolHandlerCustomizers(
					(protocol) -> ((HeaderDeadlineProtocol) protocol).setHeaderDeadline(deadline.toMillis()));
		};
	}

}
