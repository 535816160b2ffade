package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.jwt.DPoPProofContext;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * RFC 9449 section 10: a DPoP proof sent with the pushed authorization request binds the authorization code to
 * its key, exactly as a {@code dpop_jkt} parameter does; both together must name the same key. The binding is
 * stored with the pushed request as {@code dpop_jkt} and checked when the code is exchanged ({@link TokenClaims}).
 * The proof is checked once the client is authenticated, and used once: its {@code jti} is recorded for its key in
 * the database, in the pushed request's transaction, so that a proof seen before is refused on every node and
 * after any number of others (RFC 9449 section 11.1), not only while the in-memory replay cache still holds it.
 */
final class PushedDPoPBinding extends OncePerRequestFilter {

	private final DPoPProofJwtDecoderFactory proofs = org.tsunagu.oidc.DPoPProofs.verifiers();

	private final org.tsunagu.oidc.DPoPReplayFilter.ProofIds ids;

	PushedDPoPBinding(org.tsunagu.oidc.DPoPReplayFilter.ProofIds ids) {
		this.ids = ids;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !"/oauth2/par".equals(AuthenticationRequirements.path(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var headers = Collections.list(request.getHeaders("DPoP"));
		if (headers.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		String jkt;
		Jwt verified;
		try {
			if (headers.size() != 1) {
				throw new IllegalArgumentException("one DPoP header");
			}
			String proof = headers.get(0);
			verified = this.proofs.createDecoder(DPoPProofContext.withDPoPProof(proof)
				.method("POST")
				.targetUri(request.getRequestURL().toString())
				.build()).decode(proof);
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) verified.getHeaders().get("jwk");
			jkt = JWK.parse(jwk).computeThumbprint().toString();
			if (!org.tsunagu.oidc.DPoPProofs.firstUse(verified, jkt, this.ids)) {
				throw new IllegalArgumentException("used before");
			}
		}
		catch (Exception ex) {
			refuse(response, "The DPoP proof is not valid for this request.");
			return;
		}
		String given = request.getParameter("dpop_jkt");
		if (given != null && !given.equals(jkt)) {
			refuse(response, "dpop_jkt and the DPoP proof name different keys.");
			return;
		}
		Map<String, String[]> parameters = new HashMap<>(request.getParameterMap());
		parameters.put("dpop_jkt", new String[] { jkt });
		chain.doFilter(new FormParameters(request, parameters), response);
	}

	private static void refuse(HttpServletResponse response, String description) throws IOException {
		ErrorResponses.write(response, 400, "invalid_dpop_proof", description);
	}

}
