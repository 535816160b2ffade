package org.tsunagu.transparency.internal;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.merkle.Checkpoint;
import org.tsunagu.merkle.CompactRange;
import org.tsunagu.merkle.SignedNote;
import org.tsunagu.merkle.TileLayout;
import org.tsunagu.merkle.TreeHashes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Integrates appended entries into the tree, in batches, every {@link #PERIOD_MS} ms: under a lock on
 * {@code log_state} (one integrator across every node), the entries without a leaf index get the next indices in
 * id order, their leaf hashes go into the level-0 tiles, every tile that fills up adds its subtree hash to the
 * level above, and a checkpoint for the new size is signed, all in one transaction. A checkpoint is thus signed
 * at least every second while there are new entries, and the tree never shrinks.
 */
@Component
class LogIntegrator {

	static final long PERIOD_MS = 250;

	static final int BATCH = 20_000;

	private static final Logger log = LoggerFactory.getLogger(LogIntegrator.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final LogKeys keys;

	private final Clock clock;

	private final org.springframework.jdbc.core.JdbcTemplate batches;

	LogIntegrator(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, TransactionTemplate transactions,
			LogKeys keys, Clock clock) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.transactions = transactions;
		this.keys = keys;
		this.clock = clock;
	}

	@Scheduled(initialDelay = 500, fixedDelay = PERIOD_MS)
	void scheduled() {
		try {
			while (integrate() == BATCH) {
				// keep going while a full batch was waiting
			}
		}
		catch (RuntimeException ex) {
			log.warn("Log integration failed; it is retried ({})", ex.getClass().getSimpleName());
		}
	}

	/** Integrates one batch; answers how many entries it added. */
	int integrate() {
		Integer added = this.transactions.execute((tx) -> {
			State state = lockState();
			List<long[]> ids = new ArrayList<>();
			List<byte[]> hashes = new ArrayList<>();
			this.jdbc.sql("SELECT id, leaf FROM log_entry WHERE leaf_index IS NULL ORDER BY id LIMIT " + BATCH)
				.query((rs) -> {
					ids.add(new long[] { rs.getLong(1) });
					hashes.add(TreeHashes.leaf(rs.getBytes(2)));
				});
			if (ids.isEmpty()) {
				return 0;
			}
			CompactRange range = state.range();
			long start = range.size();
			List<Object[]> indices = new ArrayList<>(ids.size());
			for (int i = 0; i < ids.size(); i++) {
				range.append(hashes.get(i));
				indices.add(new Object[] { start + i, ids.get(i)[0] });
			}
			this.batches.batchUpdate("UPDATE log_entry SET leaf_index = ? WHERE id = ?", indices);
			appendToTiles(0, start, hashes);
			Instant now = this.clock.instant();
			this.jdbc.sql("UPDATE log_state SET size = :size, compact = :compact, root = :root, updated_at = :now WHERE id = 1")
				.param("size", range.size())
				.param("compact", concat(range.hashes()))
				.param("root", range.root())
				.param("now", now.atOffset(ZoneOffset.UTC))
				.update();
			String body = new Checkpoint(this.keys.origin(), range.size(), range.root(), List.of()).body();
			this.jdbc.sql("INSERT INTO log_checkpoint (size, note, created_at) VALUES (:size, :note, :now)")
				.param("size", range.size())
				.param("note", SignedNote.sign(body, this.keys.noteKey(), this.keys.privateKey()).encode())
				.param("now", now.atOffset(ZoneOffset.UTC))
				.update();
			return ids.size();
		});
		return added == null ? 0 : added;
	}

	/** Adds hashes at a level from position {@code first}; tiles that fill up pass their subtree hash upward. */
	private void appendToTiles(int level, long first, List<byte[]> hashes) {
		List<byte[]> completed = new ArrayList<>();
		long firstCompleted = -1;
		int i = 0;
		while (i < hashes.size()) {
			long position = first + i;
			long tile = position / TileLayout.WIDTH;
			int offset = (int) (position % TileLayout.WIDTH);
			int take = Math.min(TileLayout.WIDTH - offset, hashes.size() - i);
			byte[] existing = offset == 0 ? new byte[0] : loadTile(level, tile);
			if (existing.length != offset * TreeHashes.SIZE) {
				throw new IllegalStateException("tile " + level + "/" + tile + " holds " + existing.length / 32 + " hashes, expected " + offset);
			}
			ByteArrayOutputStream content = new ByteArrayOutputStream((offset + take) * TreeHashes.SIZE);
			content.writeBytes(existing);
			for (int j = 0; j < take; j++) {
				content.writeBytes(hashes.get(i + j));
			}
			byte[] data = content.toByteArray();
			writeTile(level, tile, data, offset == 0);
			if (offset + take == TileLayout.WIDTH) {
				if (firstCompleted < 0) {
					firstCompleted = tile;
				}
				completed.add(subtreeRoot(data));
			}
			i += take;
		}
		if (!completed.isEmpty()) {
			appendToTiles(level + 1, firstCompleted, completed);
		}
	}

	/**
	 * Tiles only grow: the first {@code w} hashes of a tile never change once committed. Readers are served from
	 * memory: full tiles (at most {@link #CACHED} of them, least recently used dropped first) and the widest copy
	 * read so far of each partial tile, which answers any narrower width. The integrator reads with
	 * {@link #loadTile}, uncached, so nothing from a transaction that might roll back is ever cached.
	 */
	static final int CACHED = 4096;

	private final java.util.Map<TileKey, byte[]> fullTiles = java.util.Collections.synchronizedMap(
			new java.util.LinkedHashMap<>(CACHED, 0.75f, true) {
				@Override
				protected boolean removeEldestEntry(java.util.Map.Entry<TileKey, byte[]> eldest) {
					return size() > CACHED;
				}
			});

	private final java.util.Map<TileKey, byte[]> partialTiles = new java.util.concurrent.ConcurrentHashMap<>();

	private record TileKey(int level, long index) {
	}

	/** At least {@code width} hashes of a committed tile (more if it has grown), or fewer if it has not. */
	byte[] readTile(int level, long index, int width) {
		TileKey key = new TileKey(level, index);
		byte[] cached = this.fullTiles.get(key);
		if (cached != null) {
			return cached;
		}
		byte[] partial = this.partialTiles.get(key);
		if (partial != null && partial.length >= width * TreeHashes.SIZE) {
			return partial;
		}
		byte[] hashes = loadTile(level, index);
		if (hashes.length == TileLayout.WIDTH * TreeHashes.SIZE) {
			this.fullTiles.put(key, hashes);
			this.partialTiles.remove(key);
		}
		else if (hashes.length > 0) {
			if (this.partialTiles.size() >= 64) {
				this.partialTiles.clear();
			}
			this.partialTiles.merge(key, hashes, (a, b) -> a.length >= b.length ? a : b);
		}
		return hashes;
	}

	private byte[] loadTile(int level, long index) {
		return this.jdbc.sql("SELECT hashes FROM log_tile WHERE level = :level AND idx = :idx")
			.param("level", level)
			.param("idx", index)
			.query(byte[].class)
			.optional()
			.orElse(new byte[0]);
	}

	private void writeTile(int level, long index, byte[] hashes, boolean fresh) {
		int updated = fresh ? 0 : this.jdbc.sql("UPDATE log_tile SET hashes = :hashes WHERE level = :level AND idx = :idx")
			.param("hashes", hashes)
			.param("level", level)
			.param("idx", index)
			.update();
		if (updated == 0) {
			this.jdbc.sql("INSERT INTO log_tile (level, idx, hashes) VALUES (:level, :idx, :hashes)")
				.param("level", level)
				.param("idx", index)
				.param("hashes", hashes)
				.update();
		}
	}

	static byte[] subtreeRoot(byte[] tile) {
		byte[][] level = new byte[tile.length / TreeHashes.SIZE][];
		for (int i = 0; i < level.length; i++) {
			level[i] = java.util.Arrays.copyOfRange(tile, i * TreeHashes.SIZE, (i + 1) * TreeHashes.SIZE);
		}
		for (int n = level.length; n > 1; n /= 2) {
			for (int i = 0; i < n / 2; i++) {
				level[i] = TreeHashes.node(level[2 * i], level[2 * i + 1]);
			}
		}
		return level[0];
	}

	private State lockState() {
		List<State> rows = this.jdbc.sql("SELECT size, compact FROM log_state WHERE id = 1 FOR UPDATE")
			.query((rs, n) -> new State(rs.getLong(1), rs.getBytes(2)))
			.list();
		if (!rows.isEmpty()) {
			return rows.get(0);
		}
		this.jdbc.sql("INSERT INTO log_state (id, size, compact, root, updated_at) VALUES (1, 0, :compact, :root, :now)")
			.param("compact", new byte[0])
			.param("root", TreeHashes.emptyRoot())
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.update();
		return this.jdbc.sql("SELECT size, compact FROM log_state WHERE id = 1 FOR UPDATE")
			.query((rs, n) -> new State(rs.getLong(1), rs.getBytes(2)))
			.single();
	}

	private static byte[] concat(List<byte[]> hashes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(hashes.size() * TreeHashes.SIZE);
		hashes.forEach(out::writeBytes);
		return out.toByteArray();
	}

	private record State(long size, byte[] compact) {

		CompactRange range() {
			List<byte[]> hashes = new ArrayList<>();
			for (int i = 0; i < this.compact.length; i += TreeHashes.SIZE) {
				hashes.add(java.util.Arrays.copyOfRange(this.compact, i, i + TreeHashes.SIZE));
			}
			return CompactRange.of(this.size, hashes);
		}

	}

}
