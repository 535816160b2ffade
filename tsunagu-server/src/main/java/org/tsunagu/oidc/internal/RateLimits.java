package org.tsunagu.oidc.internal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.platform.ApiProblem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Token buckets per client address and purpose: sign-in pages, card approvals and token requests each have a
 * rate a person or a service never needs to exceed, and a guesser always does. A node's own memory; each node
 * limits what it serves.
 */
@Component
class RateLimits {

	/** Requests per minute, and the burst allowed. */
	static final Map<String, int[]> LIMITS = Map.of("signin", new int[] { 60, 20 }, "approval", new int[] { 30, 10 },
			"token", new int[] { 60_000, 5_000 });

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final Clock clock;

	private final double scale;

	/** @param scale multiplies every limit: a deployment behind one NAT, or a test run, may need more */
	RateLimits(Clock clock, @org.springframework.beans.factory.annotation.Value("${tsunagu.oidc.rate-limit-scale:1}") double scale) {
		this.clock = clock;
		this.scale = scale;
	}

	/** @throws ApiProblem 429 when the address has used up its allowance for this purpose */
	void check(String purpose, HttpServletRequest request) {
		if (!allow(purpose, request.getRemoteAddr())) {
			ApiProblem problem = ApiProblem.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
					"Wait a minute and try again.");
			problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "60");
			throw problem;
		}
	}

	boolean allow(String purpose, String address) {
		int[] limit = LIMITS.get(purpose);
		if (this.buckets.size() > 100_000) {
			this.buckets.clear();
		}
		Bucket bucket = this.buckets.computeIfAbsent(purpose + " " + address, (k) -> new Bucket(limit[1] * this.scale, this.clock.millis()));
		return bucket.take(limit[0] * this.scale / 60_000.0, (int) (limit[1] * this.scale), this.clock.millis());
	}

	private static final class Bucket {

		private double tokens;

		private long at;

		Bucket(double tokens, long at) {
			this.tokens = tokens;
			this.at = at;
		}

		synchronized boolean take(double perMilli, int burst, long now) {
			this.tokens = Math.min(burst, this.tokens + Math.max(0, now - this.at) * perMilli);
			this.at = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return true;
			}
			return false;
		}

	}

}
