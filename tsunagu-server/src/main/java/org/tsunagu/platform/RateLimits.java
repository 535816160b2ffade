package org.tsunagu.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Token buckets per caller and purpose: each purpose has a rate a person or a service never needs to exceed, and a
 * guesser or a flood always does. The caller is the client address ({@link #caller}), or another key a module
 * chooses (a client id). A node's own memory, at most {@link #MAX_KEYS} buckets: past that the bucket used least
 * recently goes, never all of them at once, so that rotating through many addresses cannot refill anyone else's.
 * Each node limits what it serves.
 */
@Component
public final class RateLimits {

	/** How many callers are remembered at once. */
	public static final int MAX_KEYS = 100_000;

	private final Clock clock;

	private final double scale;

	private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
			return size() > MAX_KEYS;
		}

	};

	/**
	 * @param scale multiplies every rate and burst ({@code tsunagu.rate-limit-scale}): a deployment whose residents
	 * reach it through a few shared addresses, or a test run from loopback, may need more
	 */
	public RateLimits(Clock clock,
			@Value("${tsunagu.rate-limit-scale:1}") double scale) {
		if (!(scale > 0)) {
			throw new IllegalArgumentException("tsunagu.rate-limit-scale must be positive");
		}
		this.clock = clock;
		this.scale = scale;
	}

	/**
	 * A purpose's allowance per caller: {@code perMinute} sustained, and up to {@code burst} at once.
	 *
	 * @param purpose names the bucket; two rates of one purpose share it
	 */
	public record Rate(String purpose, int perMinute, int burst) {

		public Rate {
			if (purpose == null || purpose.isBlank() || perMinute < 1 || burst < 1) {
				throw new IllegalArgumentException("A rate has a purpose, and at least one request a minute and at once");
			}
		}

	}

	/**
	 * Takes one request from the allowance of {@code key} for the rate's purpose.
	 *
	 * @return empty when the request may go on; otherwise how long until the next one may
	 */
	public Optional<Duration> take(Rate rate, String key) {
		double perMilli = rate.perMinute() * this.scale / 60_000.0;
		double burst = Math.max(1, Math.floor(rate.burst() * this.scale));
		long now = this.clock.millis();
		Bucket bucket;
		synchronized (this.buckets) {
			bucket = this.buckets.computeIfAbsent(rate.purpose() + " " + key, (k) -> new Bucket(burst, now));
		}
		return bucket.take(perMilli, burst, now);
	}

	/**
	 * Whether {@code key} has used up its allowance for the rate's purpose, taking nothing: for a cheap refusal before
	 * the caller has proved it is {@code key}, which must not let anyone spend another's allowance.
	 *
	 * @return empty when a request would be taken now; otherwise how long until one would
	 */
	public Optional<Duration> peek(Rate rate, String key) {
		Bucket bucket;
		synchronized (this.buckets) {
			bucket = this.buckets.get(rate.purpose() + " " + key);
		}
		return bucket == null ? Optional.empty()
				: bucket.peek(rate.perMinute() * this.scale / 60_000.0, Math.max(1, Math.floor(rate.burst() * this.scale)),
						this.clock.millis());
	}

	/** The same, for the caller of {@code request} by its address. */
	public Optional<Duration> take(Rate rate, HttpServletRequest request) {
		return take(rate, caller(request));
	}

	/** @throws ApiProblem 429 {@code rate-limited} with {@code Retry-After} when the caller's allowance is used up */
	public void check(Rate rate, HttpServletRequest request) {
		Optional<Duration> wait = take(rate, request);
		if (wait.isPresent()) {
			throw tooMany(wait.get());
		}
	}

	/** The 429 problem for an API caller who must wait. */
	public static ApiProblem tooMany(Duration wait) {
		ApiProblem problem = ApiProblem.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
				"Too many requests from your connection. Wait as long as Retry-After says, then try again.");
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter(wait));
		return problem;
	}

	/** The {@code Retry-After} value for a wait: whole seconds, rounded up, at least one (RFC 9110 section 10.2.3). */
	public static String retryAfter(Duration wait) {
		long millis = Math.max(1, wait.toMillis());
		return Long.toString((millis + 999) / 1000);
	}

	/**
	 * Who a request comes from, for limits: its IPv4 address, or the /64 network of its IPv6 address (one
	 * subscriber's share, which one person can rotate through freely).
	 */
	public static String caller(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		if (address == null || address.indexOf(':') < 0) {
			return address;
		}
		try {
			byte[] bytes = InetAddress.getByName(address).getAddress();
			if (bytes.length != 16) {
				return address;
			}
			StringBuilder prefix = new StringBuilder();
			for (int i = 0; i < 8; i += 2) {
				prefix.append(Integer.toHexString((bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff)).append(':');
			}
			return prefix.append(":/64").toString();
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	private static final class Bucket {

		private double tokens;

		private long at;

		Bucket(double tokens, long at) {
			this.tokens = tokens;
			this.at = at;
		}

		synchronized Optional<Duration> peek(double perMilli, double burst, long now) {
			double available = Math.min(burst, this.tokens + Math.max(0, now - this.at) * perMilli);
			return available >= 1 ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil((1 - available) / perMilli)));
		}

		synchronized Optional<Duration> take(double perMilli, double burst, long now) {
			this.tokens = Math.min(burst, this.tokens + Math.max(0, now - this.at) * perMilli);
			this.at = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return Optional.empty();
			}
			return Optional.of(Duration.ofMillis((long) Math.ceil((1 - this.tokens) / perMilli)));
		}

	}

}
