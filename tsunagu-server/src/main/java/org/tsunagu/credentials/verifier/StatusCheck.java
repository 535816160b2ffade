package org.tsunagu.credentials.verifier;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.credentials.status.StatusLists;
import org.tsunagu.platform.PublicUrl;

import org.springframework.stereotype.Component;

/**
 * A credential's entry in its Token Status List: the list fetched (this platform's own lists read directly, any
 * other over HTTP with a 5-second limit), its signature checked with the credential issuer's trusted key, its
 * {@code sub} the URI the credential names, kept for its {@code ttl} (at most five minutes). Any status other than
 * 0 (valid) counts as not valid; a list that cannot be had refuses the presentation.
 */
@Component
class StatusCheck {

	static final Duration MAX_CACHE = Duration.ofMinutes(5);

	static final int MAX_BYTES = 1 << 20;

	private final StatusLists lists;

	private final PublicUrl publicUrl;

	private final TrustList trust;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	private record Cached(int bits, byte[] list, Instant until) {
	}

	StatusCheck(StatusLists lists, PublicUrl publicUrl, TrustList trust) {
		this.lists = lists;
		this.publicUrl = publicUrl;
		this.trust = trust;
	}

	boolean revoked(String issuer, String uri, int index, Instant now) throws PresentationChecks.Refused {
		Cached list = this.cache.get(uri);
		if (list == null || !now.isBefore(list.until())) {
			list = fetch(issuer, uri, now);
			// this platform's own lists are read afresh (they are cached where they are made, and a revocation
			// clears that); another issuer's for its ttl
			if (!own(uri)) {
				if (this.cache.size() > 1000) {
					this.cache.clear();
				}
				this.cache.put(uri, list);
			}
		}
		long bit = (long) index * list.bits();
		if (index < 0 || bit / 8 >= list.list().length) {
			throw new PresentationChecks.Refused("status", "The credential's status entry is outside its list.");
		}
		int value = (list.list()[(int) (bit / 8)] >> (int) (bit % 8)) & ((1 << list.bits()) - 1);
		return value != 0;
	}

	private Cached fetch(String issuer, String uri, Instant now) throws PresentationChecks.Refused {
		String token;
		String own = this.publicUrl.resolve("/credentials/status/");
		if (own(uri)) {
			token = this.lists.token(Integer.parseInt(uri.substring(own.length())));
		}
		else {
			token = sameOrigin(issuer, uri) ? get(uri) : null;
		}
		if (token == null) {
			throw new PresentationChecks.Refused("status", "The credential's status list cannot be read.");
		}
		try {
			SignedJWT jwt = SignedJWT.parse(token.strip());
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			if (jwt.getHeader().getType() == null || !"statuslist+jwt".equals(jwt.getHeader().getType().getType())) {
				throw new PresentationChecks.Refused("status", "The status list is not a statuslist+jwt.");
			}
			PublicKey key = this.trust.key(issuer, jwt.getHeader(), Date.from(now))
				.orElseThrow(() -> new PresentationChecks.Refused("status", "The status list is not signed by the credential's issuer."));
			ECDSAVerifier verifier = new ECDSAVerifier((ECPublicKey) key);
			if (!jwt.verify(verifier) || !uri.equals(claims.getSubject())
					|| (claims.getExpirationTime() != null && !claims.getExpirationTime().toInstant().isAfter(now))) {
				throw new PresentationChecks.Refused("status", "The status list's signature, subject or expiry does not hold.");
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> list = (Map<String, Object>) claims.getClaim("status_list");
			int bits = ((Number) list.get("bits")).intValue();
			if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
				throw new PresentationChecks.Refused("status", "The status list's bits are 1, 2, 4 or 8.");
			}
			Duration ttl = claims.getClaim("ttl") instanceof Number n ? Duration.ofSeconds(Math.max(0, n.longValue())) : MAX_CACHE;
			return new Cached(bits, inflate(Base64.getUrlDecoder().decode((String) list.get("lst"))),
					now.plus(ttl.compareTo(MAX_CACHE) < 0 ? ttl : MAX_CACHE));
		}
		catch (ParseException | JOSEException | DataFormatException | RuntimeException ex) {
			throw new PresentationChecks.Refused("status", "The credential's status list cannot be read.");
		}
	}

	private boolean own(String uri) {
		String own = this.publicUrl.resolve("/credentials/status/");
		return uri.startsWith(own) && uri.substring(own.length()).matches("[1-9][0-9]{0,8}");
	}

	/**
	 * Whether another issuer's status list is on that issuer's own origin: a credential's signed status URI is then no
	 * way to make this server fetch from any other host (internal ones included).
	 */
	static boolean sameOrigin(String issuer, String uri) {
		try {
			URI from = URI.create(issuer);
			URI target = URI.create(uri);
			return from.getScheme() != null && from.getScheme().equals(target.getScheme()) && from.getHost() != null
					&& from.getHost().equalsIgnoreCase(target.getHost()) && from.getPort() == target.getPort()
					&& ("https".equals(target.getScheme()) || "http".equals(target.getScheme()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** The list, read as far as {@link #MAX_BYTES} and within five seconds in all, or {@code null}. */
	private String get(String uri) {
		try {
			HttpResponse<java.io.InputStream> response = this.http.sendAsync(HttpRequest.newBuilder(URI.create(uri))
				.timeout(Duration.ofSeconds(5))
				.header("Accept", "application/statuslist+jwt")
				.build(), HttpResponse.BodyHandlers.ofInputStream()).get(5, java.util.concurrent.TimeUnit.SECONDS);
			try (java.io.InputStream body = response.body()) {
				if (response.statusCode() != 200) {
					return null;
				}
				java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
					try {
						return body.readNBytes(MAX_BYTES + 1);
					}
					catch (java.io.IOException ex) {
						throw new java.io.UncheckedIOException(ex);
					}
				});
				byte[] bytes = read.get(5, java.util.concurrent.TimeUnit.SECONDS);
				return bytes.length > MAX_BYTES ? null : new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
			}
		}
		catch (java.io.IOException | IllegalArgumentException | java.util.concurrent.ExecutionException
				| java.util.concurrent.TimeoutException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** Inflates at most {@link #MAX_BYTES}: a list that decompresses to more is refused, not held in memory. */
	static byte[] inflate(byte[] compressed) throws DataFormatException {
		Inflater inflater = new Inflater();
		inflater.setInput(compressed);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		while (!inflater.finished()) {
			int n = inflater.inflate(buffer);
			if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
				throw new DataFormatException("truncated");
			}
			out.write(buffer, 0, n);
			if (out.size() > MAX_BYTES) {
				throw new DataFormatException("too large");
			}
		}
		inflater.end();
		return out.toByteArray();
	}

}
