package org.tsunagu.platform;

/** The request id every log line and problem detail carries. */
public final class RequestIds {

	public static final String HEADER = "X-Request-Id";

	public static final String MDC_KEY = "requestId";

	private RequestIds() {
	}

}
