package org.tsunagu.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree held in memory as its leaf hashes: roots of any prefix, and inclusion and consistency proofs as
 * RFC 9162 defines them (MTH, PATH and PROOF). For tests, tools and small logs; a large log keeps tiles instead.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1">RFC 9162 section 2.1</a>
 */
public final class MerkleTree {

	private final List<byte[]> leaves = new ArrayList<>();

	public void appendEntry(byte[] entry) {
		this.leaves.add(TreeHashes.leaf(entry));
	}

	public void appendLeafHash(byte[] leafHash) {
		this.leaves.add(leafHash.clone());
	}

	public long size() {
		return this.leaves.size();
	}

	/** The leaf hash at {@code index}. */
	public byte[] leafHash(long index) {
		if (index < 0 || index >= this.leaves.size()) {
			throw new IllegalArgumentException("index outside the tree");
		}
		return this.leaves.get((int) index).clone();
	}

	/** MTH of the first {@code size} leaves. */
	public byte[] root(long size) {
		check(size);
		return size == 0 ? TreeHashes.emptyRoot() : hash(0, (int) size);
	}

	/** PATH(index, D[0:size]): the audit path of the leaf at {@code index} in the tree of {@code size}. */
	public List<byte[]> inclusionProof(long index, long size) {
		check(size);
		if (index < 0 || index >= size) {
			throw new IllegalArgumentException("index outside the tree");
		}
		List<byte[]> proof = new ArrayList<>();
		path((int) index, 0, (int) size, proof);
		return proof;
	}

	/** PROOF(size1, D[0:size2]): that the tree of {@code size1} is a prefix of the tree of {@code size2}. */
	public List<byte[]> consistencyProof(long size1, long size2) {
		check(size2);
		if (size1 < 0 || size1 > size2) {
			throw new IllegalArgumentException("sizes out of order");
		}
		List<byte[]> proof = new ArrayList<>();
		if (size1 > 0 && size1 < size2) {
			subproof((int) size1, 0, (int) size2, true, proof);
		}
		return proof;
	}

	private void path(int m, int from, int to, List<byte[]> proof) {
		int n = to - from;
		if (n == 1) {
			return;
		}
		int k = split(n);
		if (m < k) {
			path(m, from, from + k, proof);
			proof.add(hash(from + k, to));
		}
		else {
			path(m - k, from + k, to, proof);
			proof.add(hash(from, from + k));
		}
	}

	private void subproof(int m, int from, int to, boolean complete, List<byte[]> proof) {
		int n = to - from;
		if (m == n) {
			if (!complete) {
				proof.add(hash(from, to));
			}
			return;
		}
		int k = split(n);
		if (m <= k) {
			subproof(m, from, from + k, complete, proof);
			proof.add(hash(from + k, to));
		}
		else {
			subproof(m - k, from + k, to, false, proof);
			proof.add(hash(from, from + k));
		}
	}

	private byte[] hash(int from, int to) {
		int n = to - from;
		if (n == 1) {
			return this.leaves.get(from);
		}
		int k = split(n);
		return TreeHashes.node(hash(from, from + k), hash(from + k, to));
	}

	/** The largest power of two smaller than {@code n} (n > 1). */
	static int split(int n) {
		return Integer.highestOneBit(n - 1);
	}

	private void check(long size) {
		if (size < 0 || size > this.leaves.size()) {
			throw new IllegalArgumentException("size outside the tree");
		}
	}

}
