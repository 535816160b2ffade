package org.tsunagu.credentials.status;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;

import com.nimbusds.jwt.JWTClaimsSet;
import org.tsunagu.credentials.CredentialsRevoked;
import org.tsunagu.credentials.issuer.IssuerKey;
import org.tsunagu.platform.PublicUrl;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The issuer's Token Status Lists (draft-ietf-oauth-status-list): one bit per credential, 1 for revoked, in lists of
 * {@link #SIZE} entries. An entry is drawn at random from a list less than half full, so that neither its index nor
 * its neighbours tell when or to whom it was issued. A list is served as a signed {@code statuslist+jwt} whose
 * {@code ttl} bounds how long a verifier may cache it; with this server's own short cache a revocation reaches
 * every verifier that follows the {@code ttl} within a minute.
 *
 * @see <a href="https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/">Token Status List</a>
 */
@Component
public class StatusLists {

	/** Entries per list: 16 KiB uncompressed. */
	public static final int SIZE = 131_072;

	/** How long a verifier may cache a list. */
	public static final Duration TTL = Duration.ofSeconds(50);

	/** How long this server reuses a signed list it made. */
	static final Duration SERVER_CACHE = Duration.ofSeconds(5);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final IssuerKey key;

	private final PublicUrl publicUrl;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final Map<Integer, Signed> signed = new ConcurrentHashMap<>();

	private record Signed(String jwt, Instant at) {
	}

	/** A credential's entry. */
	public record Entry(int list, int index, String uri) {
	}

	StatusLists(JdbcClient jdbc, IssuerKey key, PublicUrl publicUrl, Clock clock, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.key = key;
		this.publicUrl = publicUrl;
		this.clock = clock;
		this.events = events;
	}

	/** The URI of a list, which is also its token's {@code sub}. */
	public String uri(int list) {
		return this.publicUrl.resolve("/credentials/status/" + list);
	}

	/** Records a new credential of the resident and gives it an entry, in the caller's transaction. */
	public Entry allocate(UUID residentId, String configuration, Instant expiresAt) {
		Instant now = this.clock.instant();
		for (int attempt = 0; attempt < 20; attempt++) {
			int list = openList(now);
			int index = RANDOM.nextInt(SIZE);
			int inserted = this.jdbc.sql("""
					INSERT INTO issued_credential (id, resident_id, configuration, status_list, status_index, issued_at, expires_at)
					VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
				.params(UUID.randomUUID(), residentId, configuration, list, index, Timestamp.from(now), Timestamp.from(expiresAt))
				.update();
			if (inserted == 1) {
				this.jdbc.sql("UPDATE credential_status_list SET used = used + 1 WHERE id = ?").param(list).update();
				return new Entry(list, index, uri(list));
			}
		}
		throw new IllegalStateException("No free status list entry found");
	}

	private int openList(Instant now) {
		Integer open = this.jdbc.sql("SELECT MAX(id) FROM credential_status_list WHERE used < size / 2")
			.query(Integer.class)
			.optional()
			.orElse(null);
		if (open != null) {
			return open;
		}
		int next = this.jdbc.sql("SELECT COALESCE(MAX(id), 0) + 1 FROM credential_status_list").query(Integer.class).single();
		this.jdbc.sql("INSERT INTO credential_status_list (id, size, used, created_at) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING")
			.params(next, SIZE, Timestamp.from(now))
			.update();
		return next;
	}

	/**
	 * Sets the bit of each of the resident's live credentials of these configurations (all of them when
	 * {@code configurations} is empty), in the caller's transaction; the person's log says so.
	 */
	public int revoke(UUID residentId, List<String> configurations, String reason) {
		Instant now = this.clock.instant();
		int count = 0;
		if (configurations.isEmpty()) {
			count = this.jdbc.sql("""
					UPDATE issued_credential SET revoked_at = ?, revoked_reason = ?
					WHERE resident_id = ? AND revoked_at IS NULL AND expires_at > ?""")
				.params(Timestamp.from(now), reason, residentId, Timestamp.from(now))
				.update();
		}
		for (String configuration : configurations) {
			count += this.jdbc.sql("""
					UPDATE issued_credential SET revoked_at = ?, revoked_reason = ?
					WHERE resident_id = ? AND configuration = ? AND revoked_at IS NULL AND expires_at > ?""")
				.params(Timestamp.from(now), reason, residentId, configuration, Timestamp.from(now))
				.update();
		}
		if (count > 0) {
			this.signed.clear();
			this.events.publishEvent(new CredentialsRevoked(residentId, count, reason, now));
		}
		return count;
	}

	/** Whose credential holds an entry of one of this issuer's lists, if it is one of them. */
	public java.util.Optional<UUID> residentOf(String uri, int index) {
		String prefix = this.publicUrl.resolve("/credentials/status/");
		if (!uri.startsWith(prefix) || !uri.substring(prefix.length()).matches("[1-9][0-9]{0,8}")) {
			return java.util.Optional.empty();
		}
		return this.jdbc.sql("SELECT resident_id FROM issued_credential WHERE status_list = ? AND status_index = ?")
			.params(Integer.parseInt(uri.substring(prefix.length())), index)
			.query(UUID.class)
			.optional();
	}

	/** The list as a signed token, or {@code null} when there is no such list. */
	public String token(int list) {
		Instant now = this.clock.instant();
		Signed cached = this.signed.get(list);
		if (cached != null && !now.isBefore(cached.at()) && now.isBefore(cached.at().plus(SERVER_CACHE))) {
			return cached.jwt();
		}
		Integer size = this.jdbc.sql("SELECT size FROM credential_status_list WHERE id = ?")
			.param(list)
			.query(Integer.class)
			.optional()
			.orElse(null);
		if (size == null) {
			return null;
		}
		byte[] bits = new byte[size / 8];
		this.jdbc.sql("SELECT status_index FROM issued_credential WHERE status_list = ? AND revoked_at IS NOT NULL")
			.param(list)
			.query(Integer.class)
			.list()
			.forEach((index) -> bits[index / 8] |= (byte) (1 << (index % 8)));
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(uri(list))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(12))))
			.claim("ttl", TTL.toSeconds())
			.claim("status_list", Map.of("bits", 1, "lst", compress(bits)))
			.build();
		String jwt = this.key.sign("statuslist+jwt", claims);
		this.signed.put(list, new Signed(jwt, now));
		return jwt;
	}

	/** DEFLATE in the ZLIB format (RFC 1950), base64url without padding, as the status list carries it. */
	static String compress(byte[] bits) {
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
		deflater.setInput(bits);
		deflater.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
	}

}
