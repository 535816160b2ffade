package org.tsunagu.oidc;

import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * RFC 9449 section 11.1 across nodes: after Spring Security has verified a DPoP proof for a protected resource
 * request (its per-node, in-memory replay cache being the first line), the proof's {@code jti} is recorded in the
 * database for the proof's key; a proof seen before, on any node, is refused. A proof dated more than
 * {@link #MAX_AHEAD} ahead is refused too (Spring Security allows 60 s either way; the provider allows client
 * assertions 10 s, and proofs the same).
 */
public final class DPoPReplayFilter extends OncePerRequestFilter {

	/** Records proof ids; {@code false} when the id was seen before for the key. */
	@FunctionalInterface
	public interface ProofIds {

		boolean firstProofUse(String keyThumbprint, String jti, Instant until);

	}

	/** How far ahead of this server's clock a proof's {@code iat} may be. */
	public static final java.time.Duration MAX_AHEAD = java.time.Duration.ofSeconds(10);

	private final ProofIds ids;

	/** Whether a proof issued at {@code issued} is dated further ahead than {@link #MAX_AHEAD}. */
	public static boolean fromTheFuture(Instant issued) {
		return issued.isAfter(Instant.now().plus(MAX_AHEAD));
	}

	public DPoPReplayFilter(ProofIds ids) {
		this.ids = ids;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String proof = request.getHeader("DPoP");
		if (proof != null && authentication instanceof JwtAuthenticationToken token && token.getToken().hasClaim("cnf")) {
			Object cnf = token.getToken().getClaims().get("cnf");
			String jkt = cnf instanceof java.util.Map<?, ?> map ? String.valueOf(map.get("jkt")) : null;
			String jti;
			Instant issued;
			try {
				var claims = SignedJWT.parse(proof).getJWTClaimsSet();
				jti = claims.getJWTID();
				issued = claims.getIssueTime() == null ? Instant.now() : claims.getIssueTime().toInstant();
			}
			catch (ParseException ex) {
				jti = null;
				issued = Instant.now();
			}
			if (fromTheFuture(issued)) {
				response.setStatus(401);
				response.setHeader("WWW-Authenticate", "DPoP error=\"invalid_dpop_proof\", error_description=\"The proof is dated in the future.\"");
				return;
			}
			if (jkt == null || jti == null || !this.ids.firstProofUse(jkt, jti, issued.plusSeconds(120))) {
				response.setStatus(401);
				response.setHeader("WWW-Authenticate", "DPoP error=\"invalid_dpop_proof\", error_description=\"The proof was used before.\"");
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
