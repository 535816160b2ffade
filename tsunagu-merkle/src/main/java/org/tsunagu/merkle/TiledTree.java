package org.tsunagu.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree read from its {@code tlog-tiles} tiles: node hashes, subtree hashes, and RFC 9162 inclusion and
 * consistency proofs for a tree of a given size, fetching only the tiles a proof touches. The same code serves the
 * log's proof endpoints and a client that fetches tiles itself.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3">RFC 9162 section 2.1.3</a>
 */
public final class TiledTree {

	/** Reads one tile: the hashes it holds so far ({@code width} of them), each 32 bytes, concatenated. */
	@FunctionalInterface
	public interface Tiles {

		byte[] read(int level, long index, int width);

	}

	private final long size;

	private final Tiles tiles;

	public TiledTree(long size, Tiles tiles) {
		if (size < 0) {
			throw new IllegalArgumentException("a tree size is not negative");
		}
		this.size = size;
		this.tiles = tiles;
	}

	public long size() {
		return this.size;
	}

	/** The root of the tree of {@link #size()} leaves. */
	public byte[] root() {
		return this.size == 0 ? TreeHashes.emptyRoot() : range(0, this.size);
	}

	/** The hash of the perfect subtree of {@code 2^height} leaves starting at leaf {@code index << height}. */
	public byte[] node(int height, long index) {
		long first = index << height;
		if (height < 0 || height > 62 || first < 0 || first + (1L << height) > this.size) {
			throw new IllegalArgumentException("no such complete node in a tree of " + this.size);
		}
		int level = height / 8;
		int below = height % 8;
		long start = index << below;
		long tile = start / TileLayout.WIDTH;
		long hashesAtLevel = this.size >> (8 * level);
		int width = (int) Math.min(TileLayout.WIDTH, hashesAtLevel - tile * TileLayout.WIDTH);
		byte[] data = this.tiles.read(level, tile, width);
		int offset = (int) (start - tile * TileLayout.WIDTH);
		int count = 1 << below;
		if (data.length < (offset + count) * TreeHashes.SIZE) {
			throw new IllegalStateException("tile " + level + "/" + tile + " is shorter than the tree needs");
		}
		byte[][] hashes = new byte[count][];
		for (int i = 0; i < count; i++) {
			hashes[i] = java.util.Arrays.copyOfRange(data, (offset + i) * TreeHashes.SIZE, (offset + i + 1) * TreeHashes.SIZE);
		}
		for (int n = count; n > 1; n /= 2) {
			for (int i = 0; i < n / 2; i++) {
				hashes[i] = TreeHashes.node(hashes[2 * i], hashes[2 * i + 1]);
			}
		}
		return hashes[0];
	}

	/** MTH(D[start:end]) of RFC 9162, from perfect subtrees. */
	public byte[] range(long start, long end) {
		if (start < 0 || end > this.size || start >= end) {
			throw new IllegalArgumentException("no such range");
		}
		long n = end - start;
		if (Long.bitCount(n) == 1 && start % n == 0) {
			return node(Long.numberOfTrailingZeros(n), start / n);
		}
		long k = Long.highestOneBit(n - 1);
		return TreeHashes.node(range(start, start + k), range(start + k, end));
	}

	/** PATH(index, D[0:treeSize]) of RFC 9162. */
	public List<byte[]> inclusionProof(long index, long treeSize) {
		if (index < 0 || treeSize > this.size || index >= treeSize) {
			throw new IllegalArgumentException("no such leaf in that tree");
		}
		List<byte[]> proof = new ArrayList<>();
		path(index, 0, treeSize, proof);
		return proof;
	}

	private void path(long m, long start, long end, List<byte[]> proof) {
		long n = end - start;
		if (n <= 1) {
			return;
		}
		long k = Long.highestOneBit(n - 1);
		if (m < k) {
			path(m, start, start + k, proof);
			proof.add(range(start + k, end));
		}
		else {
			path(m - k, start + k, end, proof);
			proof.add(range(start, start + k));
		}
	}

	/** PROOF(m, D[0:n]) of RFC 9162. */
	public List<byte[]> consistencyProof(long m, long n) {
		if (m < 0 || n > this.size || m > n) {
			throw new IllegalArgumentException("no such pair of tree sizes");
		}
		List<byte[]> proof = new ArrayList<>();
		if (m == 0 || m == n) {
			return proof;
		}
		subproof(m, 0, n, true, proof);
		return proof;
	}

	private void subproof(long m, long start, long end, boolean complete, List<byte[]> proof) {
		long n = end - start;
		if (m == n) {
			if (!complete) {
				proof.add(range(start, end));
			}
			return;
		}
		long k = Long.highestOneBit(n - 1);
		if (m <= k) {
			subproof(m, start, start + k, complete, proof);
			proof.add(range(start + k, end));
		}
		else {
			subproof(m - k, start + k, end, false, proof);
			proof.add(range(start, start + k));
		}
	}

}
