package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.platform.RateLimits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The token and pushed-request endpoints' error answers that filters write before Spring Authorization Server
 * runs: RFC 6749 section 5.2 JSON, never cached. Descriptions are the provider's own words, never a caller's.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749 section 5.2</a>
 */
final class ErrorResponses {

	private ErrorResponses() {
	}

	static void write(HttpServletResponse response, int status, String error, String description) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getWriter()
			.write("{\"error\":\"" + error + "\",\"error_description\":\"" + description.replace("\\", "\\\\").replace("\"", "\\\"")
					+ "\"}");
	}

	/** 429 with {@code Retry-After}: the caller must wait this long before the next request is taken. */
	static void tooMany(HttpServletResponse response, Duration wait, String description) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, RateLimits.retryAfter(wait));
		write(response, 429, "slow_down", description);
	}

	/** 503 with {@code Retry-After}: the server has no database connection free for the request now. */
	static void unavailable(HttpServletResponse response, Duration wait) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, RateLimits.retryAfter(wait));
		write(response, 503, "temporarily_unavailable", "The server is busy. Try again after Retry-After.");
	}

}
