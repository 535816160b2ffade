package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * A token or pushed authorization request in one database transaction: the client assertion's {@code jti}, the
 * DPoP proof's {@code jti} and the grant it creates commit together, one commit instead of three. The answer is
 * held until the commit, so a client never holds a token the database does not know yet; a request that fails
 * with an exception writes nothing, its {@code jti}s included.
 */
final class OneTransactionPerRequest extends OncePerRequestFilter {

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
