package org.tsunagu.platform.internal;

import java.time.Duration;

import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.RateLimits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Every database connection was taken for longer than the pool waits ({@code spring.datasource.hikari.connection-timeout}):
 * the server is busy, not broken, and says so with 503 and {@code Retry-After}.
 */
final class DatabaseBusy {

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private DatabaseBusy() {
	}

	static boolean causedBy(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
					|| t instanceof java.sql.SQLTransientConnectionException) {
				return true;
			}
		}
		return false;
	}

	static ApiProblem problem() {
		ApiProblem problem = ApiProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Server busy",
				"The server is busy. Try again after Retry-After; nothing was changed.");
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, RateLimits.retryAfter(RETRY_AFTER));
		return problem;
	}

}
