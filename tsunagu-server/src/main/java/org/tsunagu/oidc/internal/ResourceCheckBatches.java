package org.tsunagu.oidc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two database checks of every request to a protected resource, group-committed: the DPoP proof's {@code jti}
 * recorded as spent (RFC 9449, section 11.1), and the access token's liveness read from its stored grant. A
 * request hands its check to one writer thread and waits for the answer; the writer takes every check waiting,
 * up to {@link #MOST}, and answers them all from one transaction: one statement inserting the proof ids (each
 * answered by whether its row was new), one reading the tokens' revocation flags, one commit. Alone, a request
 * waits for its own round trip as before; under load, one round trip and one commit serve many requests.
 * <p>
 * The answers are those of the database after the request arrived, as when each request asked alone: a proof id
 * spent on another node is refused here, and a token revoked on another node is refused on its next use. Two
 * requests in one batch with the same proof id: the first is new, the second a replay.
 */
@Component
class ResourceCheckBatches implements org.springframework.beans.factory.DisposableBean {

	/** Checks answered by one transaction at most. */
	static final int MOST = 256;

	/**
	 * How long a request waits for its batch: longer than the pool's wait for a connection, so that a pool with none
	 * free fails the batch first, and each request in it as any request is failed when no connection comes free.
	 */
	static final Duration WAIT = Duration.ofSeconds(10);

	private static final HexFormat HEX = HexFormat.of();

	/** A check waiting for its batch. */
	private sealed interface Check permits ProofId, Liveness {
	}

	private record ProofId(String clientId, byte[] jtiHash, Instant expires, CompletableFuture<Boolean> answer)
			implements Check {

		String key() {
			return this.clientId + ' ' + HEX.formatHex(this.jtiHash);
		}

	}

	/** The answer is {@code TRUE}, {@code FALSE}, or {@code null} for a grant stored before the revocation flag. */
	private record Liveness(byte[] tokenHash, CompletableFuture<Boolean> answer) implements Check {
	}

	private final LinkedBlockingQueue<Check> waiting = new LinkedBlockingQueue<>();

	private final DataSource dataSource;

	private final NamedParameterJdbcTemplate named;

	private final TransactionTemplate transactions;

	private final boolean postgresql;

	private final Thread writer;

	ResourceCheckBatches(DataSource dataSource, TransactionTemplate transactions) {
		this.dataSource = dataSource;
		this.named = new NamedParameterJdbcTemplate(new JdbcTemplate(dataSource));
		this.transactions = transactions;
		this.postgresql = this.named.getJdbcTemplate()
			.execute((Connection c) -> c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
				.contains("postgresql"));
		this.writer = Thread.ofPlatform().name("tsunagu-resource-checks").daemon().start(this::write);
	}

	/** Whether this is the first use of the proof id {@code jti} for {@code clientId}, on any node. */
	boolean firstUse(String clientId, String jti, Instant expires) {
		return await(new ProofId(clientId, ProviderKeys.sha256(jti), expires.plus(ClientAssertions.SKEW),
				new CompletableFuture<>()));
	}

	/** A DPoP proof's id, as {@link ClientAssertions#firstProofUse} records it, answered in a batch. */
	boolean firstProofUse(String keyThumbprint, String jti, Instant until) {
		return firstUse("dpop:" + keyThumbprint, jti, until);
	}

	/** As {@link SealedAuthorizations#accessTokenLive}, answered in a batch. */
	Boolean accessTokenLive(String token) {
		if (token == null || token.isEmpty() || token.length() > 16_384) {
			return Boolean.FALSE;
		}
		return await(new Liveness(ProviderKeys.sha256(token), new CompletableFuture<>()));
	}

	private Boolean await(Check check) {
		CompletableFuture<Boolean> answer = check instanceof ProofId p ? p.answer() : ((Liveness) check).answer();
		this.waiting.add(check);
		try {
			return answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransientDataAccessResourceException("Interrupted while waiting for the database", ex);
		}
		catch (TimeoutException ex) {
			// as when no connection comes free in time: 503 with Retry-After
			throw new org.springframework.jdbc.CannotGetJdbcConnectionException("No answer from the database in time");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new CompletionException(ex.getCause());
		}
	}

	private void write() {
		List<Check> batch = new ArrayList<>(MOST);
		while (!Thread.currentThread().isInterrupted()) {
			try {
				batch.add(this.waiting.take());
			}
			catch (InterruptedException ex) {
				return;
			}
			this.waiting.drainTo(batch, MOST - 1);
			try {
				this.transactions.executeWithoutResult((tx) -> answer(batch));
			}
			catch (RuntimeException ex) {
				for (Check check : batch) {
					(check instanceof ProofId p ? p.answer() : ((Liveness) check).answer()).completeExceptionally(ex);
				}
			}
			batch.clear();
		}
	}

	private void answer(List<Check> batch) {
		List<ProofId> ids = new ArrayList<>();
		Map<String, List<Liveness>> tokens = new HashMap<>();
		Set<String> seen = new HashSet<>();
		for (Check check : batch) {
			if (check instanceof ProofId id) {
				if (seen.add(id.key())) {
					ids.add(id);
				}
				else {
					// the same proof twice in one batch: the later is a replay
					id.answer().complete(Boolean.FALSE);
				}
			}
			else if (check instanceof Liveness live) {
				tokens.computeIfAbsent(HEX.formatHex(live.tokenHash()), (k) -> new ArrayList<>()).add(live);
			}
		}
		Set<String> inserted = ids.isEmpty() ? Set.of() : insert(ids);
		Map<String, Boolean> live = tokens.isEmpty() ? Map.of() : liveness(tokens.keySet());
		for (ProofId id : ids) {
			id.answer().complete(inserted.contains(id.key()));
		}
		tokens.forEach((hash, checks) -> checks.forEach((c) -> c.answer().complete(live.getOrDefault(hash, Boolean.FALSE))));
	}

	/** The keys of the proof ids that were new. */
	private Set<String> insert(List<ProofId> ids) {
		Set<String> inserted = new HashSet<>();
		if (this.postgresql) {
			// one statement for the batch, answering which rows it inserted
			Connection connection = DataSourceUtils.getConnection(this.dataSource);
			try (var statement = connection.prepareStatement("""
					INSERT INTO oidc_assertion_jti (client_id, jti_hash, expires_at)
					SELECT c, decode(h, 'hex'), e::timestamptz FROM unnest(?::text[], ?::text[], ?::text[]) AS t(c, h, e)
					ON CONFLICT DO NOTHING RETURNING client_id, encode(jti_hash, 'hex')""")) {
				statement.setArray(1, connection.createArrayOf("text", ids.stream().map(ProofId::clientId).toArray()));
				statement.setArray(2, connection.createArrayOf("text", ids.stream().map((i) -> HEX.formatHex(i.jtiHash())).toArray()));
				statement.setArray(3, connection.createArrayOf("text", ids.stream().map((i) -> i.expires().toString()).toArray()));
				try (var rows = statement.executeQuery()) {
					while (rows.next()) {
						inserted.add(rows.getString(1) + ' ' + rows.getString(2));
					}
				}
			}
			catch (SQLException ex) {
				throw new DataAccessResourceFailureException("Proof ids could not be recorded", ex);
			}
			finally {
				DataSourceUtils.releaseConnection(connection, this.dataSource);
			}
			return inserted;
		}
		// elsewhere (H2): one JDBC batch, each statement answering whether it inserted its row
		int[] counts = this.named.getJdbcTemplate()
			.batchUpdate("INSERT INTO oidc_assertion_jti (client_id, jti_hash, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
					ids.stream().map((i) -> new Object[] { i.clientId(), i.jtiHash(), i.expires().atOffset(ZoneOffset.UTC) }).toList());
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] == 1) {
				inserted.add(ids.get(i).key());
			}
		}
		return inserted;
	}

	/** Each token's liveness by its hash; {@code null} where the grant predates the flag, absent where none. */
	private Map<String, Boolean> liveness(Set<String> hashes) {
		Map<String, Boolean> live = new HashMap<>();
		this.named.query("SELECT access_token_hash, access_token_invalidated FROM oidc_authorization WHERE access_token_hash IN (:hashes)",
				Map.of("hashes", hashes.stream().map(HEX::parseHex).toList()), (rs) -> {
					boolean invalidated = rs.getBoolean(2);
					live.put(HEX.formatHex(rs.getBytes(1)), rs.wasNull() ? null : !invalidated);
				});
		return live;
	}

	@Override
	public void destroy() {
		this.writer.interrupt();
	}

}
