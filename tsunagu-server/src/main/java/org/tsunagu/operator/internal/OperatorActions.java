package org.tsunagu.operator.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.transparency.AccessLog;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every change an operator credential makes through the API (whether sent by a script or by the console) goes into
 * the transparency log: who (the credential's name), which operation (the route, such as
 * {@code POST /api/v1/residents/{id}/events}: never the values in the path or the body), and the answer's status.
 * What the change did to a person is logged besides, under that person, by the module that made it.
 */
@Configuration(proxyBeanMethods = false)
class OperatorActions implements WebMvcConfigurer {

	private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

	private final AccessLog log;

	private final Clock clock;

	OperatorActions(AccessLog log, Clock clock) {
		this.log = log;
		this.clock = clock;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
					Exception ex) {
				record(request, response.getStatus());
			}

		}).addPathPatterns("/api/**");
	}

	void record(HttpServletRequest request, int status) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!WRITES.contains(request.getMethod()) || !(authentication instanceof BearerTokenAuthentication operator)
				|| status >= 400 || request.getRequestURI().startsWith("/api/v1/me")) {
			return;
		}
		Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String eventKey = "operator-action:" + UUID.randomUUID();
		this.log.append(new AccessLog.Entry(eventKey, operator.getName(), "operator:" + operator.getName(), null,
				"operator action: " + request.getMethod() + " " + route, "change through the operator API", this.clock.instant(),
				Map.of("status", Integer.toString(status))));
	}

}
