package org.tsunagu.pki.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * An OCSP request by GET is the URL-encoded base64 of the DER request, which may hold an encoded slash
 * ({@code %2F}); Tomcat and Spring Security's firewall refuse those by default. Here they pass, undecoded, to the
 * controller. Every other firewall rule stays.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#appendix-A.1">RFC 6960 appendix A.1</a>
 */
@Configuration(proxyBeanMethods = false)
class OcspGetConfiguration {

	@Bean
	TomcatConnectorCustomizer encodedSlashPassthrough() {
		return (connector) -> connector.setEncodedSolidusHandling("passthrough");
	}

	@Bean
	WebSecurityCustomizer encodedSlashFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		return (web) -> web.httpFirewall(firewall);
	}

}
