package org.tsunagu.transparency.internal;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.merkle.TileLayout;
import org.tsunagu.merkle.TiledTree;
import org.tsunagu.merkle.TreeHashes;
import org.tsunagu.platform.ApiProblem;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The log's public, read-only endpoints, as C2SP tlog-tiles lays them out: the latest signed checkpoint, the
 * verifier key, hash tiles and entry bundles (full tiles are immutable and cached for a year; a partial tile is
 * served only as wide as asked and never as full), and consistency and inclusion proofs between sizes the log
 * has. Nothing in them names a person.
 */
@RestController
class LogController {

	static final MediaType NOTE = new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);

	private static final Pattern TILE = Pattern.compile("((?:x\\d{3}/)*\\d{3})(?:\\.p/([1-9]\\d{0,2}))?");

	private final JdbcClient jdbc;

	private final LogKeys keys;

	private final LogIntegrator integrator;

	LogController(JdbcClient jdbc, LogKeys keys, LogIntegrator integrator) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.integrator = integrator;
	}

	/** The latest checkpoint as last read, and when (monotonic nanoseconds). */
	private record Latest(String note, long readAt) {
	}

	private volatile Latest latest;

	/**
	 * The latest signed checkpoint. It is read again at most once per integration period: any node's integrator
	 * signs a new one at most that often, so a reader is at most one period further behind the log than it would
	 * be anyway, and the most read address of the log costs no database round trip.
	 */
	@GetMapping(path = "/log/checkpoint")
	ResponseEntity<String> checkpoint() {
		Latest known = this.latest;
		long now = System.nanoTime();
		if (known == null || now - known.readAt() > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(LogIntegrator.PERIOD_MS)) {
			String note = this.jdbc.sql("SELECT note FROM log_checkpoint ORDER BY size DESC LIMIT 1")
				.query(String.class)
				.optional()
				.orElseThrow(() -> ApiProblem.notFound("A checkpoint (the log is empty)"));
			known = new Latest(note, now);
			this.latest = known;
		}
		return ResponseEntity.ok().contentType(NOTE).cacheControl(CacheControl.noCache()).body(known.note());
	}

	@GetMapping(path = "/log/key")
	ResponseEntity<String> key() {
		return ResponseEntity.ok().contentType(NOTE).body(this.keys.noteKey().toString() + "\n");
	}

	@GetMapping(path = "/log/tile/entries/**")
	ResponseEntity<byte[]> entries(HttpServletRequest request) {
		Tile tile = parse(request.getRequestURI().substring(request.getContextPath().length() + "/log/tile/entries/".length()));
		long size = size();
		if (tile.index() > size / TileLayout.WIDTH || size - tile.index() * TileLayout.WIDTH < tile.width()) {
			throw ApiProblem.notFound("That entry bundle");
		}
		long first = tile.index() * TileLayout.WIDTH;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.jdbc.sql("SELECT leaf FROM log_entry WHERE leaf_index >= :first AND leaf_index < :end ORDER BY leaf_index")
			.param("first", first)
			.param("end", first + tile.width())
			.query((rs) -> {
				byte[] leaf = rs.getBytes(1);
				out.write(leaf.length >> 8);
				out.write(leaf.length);
				out.writeBytes(leaf);
			});
		return binary(out.toByteArray(), tile.width() == TileLayout.WIDTH);
	}

	@GetMapping(path = "/log/tile/{level:\\d{1,2}}/**")
	ResponseEntity<byte[]> tile(@org.springframework.web.bind.annotation.PathVariable int level, HttpServletRequest request) {
		String prefix = "/log/tile/" + level + "/";
		String path = request.getRequestURI().substring(request.getContextPath().length());
		// a tree of fewer than 2^63 leaves has tiles at levels 0 to 7 only
		if (!path.startsWith(prefix) || level > 7) {
			throw ApiProblem.notFound("That tile");
		}
		Tile tile = parse(path.substring(prefix.length()));
		long hashesAtLevel = size() >> (8 * level);
		if (tile.index() > hashesAtLevel / TileLayout.WIDTH
				|| hashesAtLevel - tile.index() * TileLayout.WIDTH < tile.width()) {
			throw ApiProblem.notFound("That tile");
		}
		byte[] hashes = this.integrator.readTile(level, tile.index(), tile.width());
		if (hashes.length < tile.width() * TreeHashes.SIZE) {
			throw ApiProblem.notFound("That tile");
		}
		return binary(java.util.Arrays.copyOf(hashes, tile.width() * TreeHashes.SIZE), tile.width() == TileLayout.WIDTH);
	}

	@GetMapping(path = "/log/proof/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> consistency(@RequestParam("from") String from, @RequestParam("to") String to) {
		long m = number(from, "/from");
		long n = number(to, "/to");
		long size = sizeCovering(n);
		if (m > n || n > size) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "bad-tree-size", "No such pair of tree sizes",
					"Ask for 0 <= from <= to <= " + size + ", the size of the latest checkpoint.");
		}
		return Map.of("from", m, "to", n, "proof", encode(tree(size).consistencyProof(m, n)));
	}

	@GetMapping(path = "/log/proof/inclusion", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> inclusion(@RequestParam("index") String index, @RequestParam("size") String treeSize) {
		long i = number(index, "/index");
		long n = number(treeSize, "/size");
		long size = sizeCovering(n);
		if (i >= n || n > size) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "bad-tree-size", "No such leaf in that tree",
					"Ask for 0 <= index < size <= " + size + ", the size of the latest checkpoint.");
		}
		return Map.of("index", i, "size", n, "proof", encode(tree(size).inclusionProof(i, n)));
	}

	TiledTree tree(long size) {
		return new TiledTree(size, this.integrator::readTile);
	}

	/** The size of the latest checkpoint. */
	long size() {
		long size = this.jdbc.sql("SELECT size FROM log_state WHERE id = 1").query(Long.class).optional().orElse(0L);
		this.known.accumulateAndGet(size, Math::max);
		return size;
	}

	/**
	 * A tree size the log is known to have reached: the log never shrinks, so a proof for a size at or below it
	 * needs no look at the database's state; a larger one looks again.
	 */
	private long sizeCovering(long wanted) {
		long known = this.known.get();
		return wanted <= known ? known : size();
	}

	private final java.util.concurrent.atomic.AtomicLong known = new java.util.concurrent.atomic.AtomicLong();

	private static List<String> encode(List<byte[]> hashes) {
		return hashes.stream().map((h) -> Base64.getEncoder().encodeToString(h)).toList();
	}

	static long number(String value, String pointer) {
		if (value == null || !value.matches("\\d{1,18}")) {
			org.tsunagu.platform.Violations v = new org.tsunagu.platform.Violations();
			v.add(pointer, "A tree size or index is a whole number from 0.");
			v.throwIfAny();
		}
		return Long.parseLong(value);
	}

	private static ResponseEntity<byte[]> binary(byte[] body, boolean full) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.cacheControl(full ? CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable() : CacheControl.noCache())
			.body(body);
	}

	private record Tile(long index, int width) {
	}

	private static Tile parse(String path) {
		Matcher m = TILE.matcher(path);
		if (!m.matches()) {
			throw ApiProblem.notFound("That tile");
		}
		String digits = m.group(1).replace("x", "").replace("/", "");
		if (digits.length() > 18) {
			throw ApiProblem.notFound("That tile");
		}
		int width = m.group(2) == null ? TileLayout.WIDTH : Integer.parseInt(m.group(2));
		if (width < 1 || width > TileLayout.WIDTH - 1 && m.group(2) != null) {
			throw ApiProblem.notFound("That tile");
		}
		long index = Long.parseLong(digits);
		if (!TileLayout.encodeIndex(index).equals(m.group(1))) {
			throw ApiProblem.notFound("That tile");
		}
		return new Tile(index, width);
	}

}
