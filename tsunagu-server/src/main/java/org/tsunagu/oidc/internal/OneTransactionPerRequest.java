package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * A token or pushed authorization request in one database transaction: the client assertion's {@code jti}, the
 * DPoP proof's {@code jti} and the grant it creates commit together, one commit instead of three. The answer is
 * held until the commit, so a client never holds a token the database does not know yet; a request that fails
 * with an exception writes nothing, its {@code jti}s included. The form is read whole before the transaction takes
 * a database connection, so that a client sending its body slowly holds a thread but never a connection; when no
 * connection comes free in time, the answer is 503 with {@code Retry-After}, not an error.
 */
final class OneTransactionPerRequest extends OncePerRequestFilter {

	/** How long a client is asked to wait when every database connection is taken. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final TransactionTemplate transactions;

	OneTransactionPerRequest(TransactionTemplate transactions) {
		this.transactions = transactions;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = AuthenticationRequirements.path(request);
		return !"POST".equals(request.getMethod()) || !("/oauth2/token".equals(path) || "/oauth2/par".equals(path));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// the body, at most 1 MiB, is read here: after this, nothing waits for the client
		request.getParameterMap();
		ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
		try {
			this.transactions.executeWithoutResult((tx) -> {
				try {
					chain.doFilter(request, held);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				catch (ServletException ex) {
					throw new IllegalStateException(ex);
				}
			});
		}
		catch (CannotCreateTransactionException ex) {
			ErrorResponses.unavailable(response, RETRY_AFTER);
			return;
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof ServletException servlet) {
				throw servlet;
			}
			throw ex;
		}
		held.copyBodyToResponse();
	}

}
