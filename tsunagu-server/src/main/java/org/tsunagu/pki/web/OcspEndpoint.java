package org.tsunagu.pki.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.pki.internal.CertificateStatus;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.ProblemWriter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The OCSP responder's HTTP edge (RFC 6960 appendix A): {@code POST /pki/ocsp} with an
 * {@code application/ocsp-request} body, and {@code GET /pki/ocsp/<url-encoded base64>}. It is a servlet filter
 * ahead of the MVC dispatcher and the security chain: every OCSP answer is public, the responder must be cheap
 * per request, and the GET form carries encoded slashes ({@code %2F}, even two in a row) that the security
 * firewall rightly refuses everywhere else. Tomcat passes them through undecoded.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class OcspEndpoint {

	static final String PATH = "/pki/ocsp";

	static final int MAX_REQUEST = 16 * 1024;

	@Bean
	TomcatConnectorCustomizer encodedSlashPassthrough() {
		return (connector) -> connector.setEncodedSolidusHandling("passthrough");
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> ocspFilter(CertificateStatus status, ProblemWriter problems) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
			@Override
			protected boolean shouldNotFilter(HttpServletRequest request) {
				String uri = request.getRequestURI();
				return !(uri.equals(PATH) && request.getMethod().equals("POST")
						|| uri.startsWith(PATH + "/") && request.getMethod().equals("GET"));
			}

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				byte[] der;
				if (request.getMethod().equals("POST")) {
					String type = request.getContentType();
					if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/ocsp-request")) {
						problems.write(response, ApiProblem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
								"Wrong content type", "Send the OCSP request as application/ocsp-request.").getBody());
						return;
					}
					der = read(request.getInputStream());
				}
				else {
					der = decode(request.getRequestURI().substring(PATH.length() + 1));
				}
				byte[] answer = status.ocsp(der);
				response.setStatus(200);
				response.setContentType("application/ocsp-response");
				response.setContentLength(answer.length);
				response.getOutputStream().write(answer);
			}
		});
		registration.addUrlPatterns(PATH, PATH + "/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

	/** The body, or nothing when it is over the limit (the responder answers malformedRequest to nothing). */
	static byte[] read(InputStream in) throws IOException {
		byte[] body = in.readNBytes(MAX_REQUEST + 1);
		return body.length > MAX_REQUEST ? new byte[0] : body;
	}

	static byte[] decode(String encoded) {
		try {
			// percent-decoding only: a raw '+' is base64, not a space
			return Base64.getDecoder().decode(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.US_ASCII));
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

}
