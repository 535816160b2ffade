package org.tsunagu.oidc.internal;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose parameters are the given ones, in place of those it was sent with: for filters that put checked
 * parameters in front of Spring Authorization Server (a pushed request's DPoP binding, a verified request object).
 */
final class FormParameters extends HttpServletRequestWrapper {

	private final Map<String, String[]> parameters;

	FormParameters(HttpServletRequest request, Map<String, String[]> parameters) {
		super(request);
		this.parameters = Map.copyOf(parameters);
	}

	@Override
	public String getParameter(String name) {
		String[] values = this.parameters.get(name);
		return values == null || values.length == 0 ? null : values[0];
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return Collections.unmodifiableMap(this.parameters);
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(this.parameters.keySet());
	}

	@Override
	public String[] getParameterValues(String name) {
		String[] values = this.parameters.get(name);
		return values == null ? null : values.clone();
	}

}
