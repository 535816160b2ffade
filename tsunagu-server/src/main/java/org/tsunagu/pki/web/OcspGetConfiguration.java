package org.tsunagu.pki.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.pki.internal.CertificateStatus;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * OCSP by GET (RFC 6960 appendix A.1): the path carries the URL-encoded base64 of the DER request, which may hold
 * encoded slashes ({@code %2F}), even two in a row. Tomcat passes them through undecoded, and this filter answers
 * {@code GET /pki/ocsp/...} itself, before the security firewall (which rightly refuses encoded slashes
 * everywhere else) sees the request. The answer is public, as every OCSP answer is.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class OcspGetConfiguration {

	static final String PREFIX = "/pki/ocsp/";

	@Bean
	TomcatConnectorCustomizer encodedSlashPassthrough() {
		return (connector) -> connector.setEncodedSolidusHandling("passthrough");
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> ocspGet(CertificateStatus status) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
			@Override
			protected boolean shouldNotFilter(HttpServletRequest request) {
				return !request.getMethod().equals("GET") || !request.getRequestURI().startsWith(PREFIX);
			}

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				byte[] der;
				try {
					der = Base64.getDecoder().decode(URLDecoder.decode(
							request.getRequestURI().substring(PREFIX.length()), StandardCharsets.US_ASCII));
				}
				catch (IllegalArgumentException ex) {
					der = new byte[0];
				}
				byte[] answer = status.ocsp(der);
				response.setStatus(200);
				response.setContentType("application/ocsp-response");
				response.setContentLength(answer.length);
				response.getOutputStream().write(answer);
			}
		});
		registration.addUrlPatterns(PREFIX + "*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

}
