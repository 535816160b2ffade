package org.tsunagu.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The right border of a growing Merkle tree: one hash per perfect subtree, at most 64, enough to append leaves and
 * compute the root without keeping the leaves.
 *
 * @see <a href="https://github.com/transparency-dev/merkle/blob/main/docs/compact_ranges.md">Compact ranges</a>
 */
public final class CompactRange {

	private final List<byte[]> hashes = new ArrayList<>();

	private long size;

	public void append(byte[] leafHash) {
		if (leafHash.length != TreeHashes.SIZE) {
			throw new IllegalArgumentException("a leaf hash is 32 bytes");
		}
		byte[] hash = leafHash.clone();
		long merged = this.size;
		// each trailing 1 bit of the old size is a perfect subtree of the same height to merge with
		while ((merged & 1) == 1) {
			hash = TreeHashes.node(this.hashes.remove(this.hashes.size() - 1), hash);
			merged >>= 1;
		}
		this.hashes.add(hash);
		this.size++;
	}

	public long size() {
		return this.size;
	}

	/** The perfect subtrees' roots, leftmost (largest) first: one per set bit of the size. */
	public List<byte[]> hashes() {
		return this.hashes.stream().map(byte[]::clone).toList();
	}

	/** A range restored from its size and hashes, as {@link #hashes()} gave them. */
	public static CompactRange of(long size, List<byte[]> hashes) {
		if (size < 0 || hashes.size() != Long.bitCount(size)) {
			throw new IllegalArgumentException("a compact range of size " + size + " has " + Long.bitCount(size) + " hashes");
		}
		CompactRange range = new CompactRange();
		for (byte[] hash : hashes) {
			if (hash.length != TreeHashes.SIZE) {
				throw new IllegalArgumentException("a hash is 32 bytes");
			}
			range.hashes.add(hash.clone());
		}
		range.size = size;
		return range;
	}

	public byte[] root() {
		if (this.hashes.isEmpty()) {
			return TreeHashes.emptyRoot();
		}
		byte[] root = this.hashes.get(this.hashes.size() - 1);
		for (int i = this.hashes.size() - 2; i >= 0; i--) {
			root = TreeHashes.node(this.hashes.get(i), root);
		}
		return root;
	}

}
