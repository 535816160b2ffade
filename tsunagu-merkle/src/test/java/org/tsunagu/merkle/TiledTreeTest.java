package org.tsunagu.merkle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TiledTreeTest {

	/** Tiles as a log builds them: level-0 tiles hold leaf hashes; a level-L hash is a full level-(L-1) tile's root. */
	static List<List<byte[]>> levels(List<byte[]> leafHashes) {
		List<List<byte[]>> levels = new ArrayList<>();
		List<byte[]> current = leafHashes;
		while (!current.isEmpty()) {
			levels.add(current);
			List<byte[]> next = new ArrayList<>();
			for (int t = 0; (t + 1) * 256 <= current.size(); t++) {
				List<byte[]> tile = current.subList(t * 256, (t + 1) * 256);
				MerkleTree subtree = new MerkleTree();
				tile.forEach(subtree::appendLeafHash);
				next.add(subtree.root(256));
			}
			current = next;
		}
		return levels;
	}

	static TiledTree.Tiles tiles(List<List<byte[]>> levels) {
		return (level, index, width) -> {
			ByteBuffer out = ByteBuffer.allocate(width * 32);
			for (int i = 0; i < width; i++) {
				out.put(levels.get(level).get((int) (index * 256 + i)));
			}
			return out.array();
		};
	}

	@Test
	void proofsFromTilesEqualProofsFromLeavesAndVerify() {
		MerkleTree tree = new MerkleTree();
		List<byte[]> leaves = new ArrayList<>();
		for (int i = 0; i < 70_000; i++) {
			byte[] hash = TreeHashes.leaf(("entry " + i).getBytes());
			leaves.add(hash);
			tree.appendLeafHash(hash);
		}
		TiledTree tiled = new TiledTree(leaves.size(), tiles(levels(leaves)));
		assertThat(tiled.root()).isEqualTo(tree.root(leaves.size()));
		for (long size : new long[] { 1, 2, 255, 256, 257, 65_536, 65_537, 69_999, 70_000 }) {
			assertThat(new TiledTree(size, tiles(levels(leaves.subList(0, (int) size)))).root()).isEqualTo(tree.root(size));
			for (long index : new long[] { 0, size / 3, size - 1 }) {
				List<byte[]> proof = tiled.inclusionProof(index, size);
				assertThat(proof).usingRecursiveComparison().isEqualTo(tree.inclusionProof(index, size));
				ProofVerifier.verifyInclusion(index, size, leaves.get((int) index), proof, tree.root(size));
			}
			for (long older : new long[] { 1, size / 2, size }) {
				List<byte[]> proof = tiled.consistencyProof(older, size);
				assertThat(proof).usingRecursiveComparison().isEqualTo(tree.consistencyProof(older, size));
				if (older > 0) {
					ProofVerifier.verifyConsistency(older, size, tree.root(older), tree.root(size), proof);
				}
			}
		}
	}

	@Test
	void compactRangeRestoredFromItsHashesContinues() {
		CompactRange range = new CompactRange();
		MerkleTree tree = new MerkleTree();
		for (int i = 0; i < 1000; i++) {
			byte[] hash = TreeHashes.leaf(new byte[] { (byte) i, (byte) (i >> 8) });
			range.append(hash);
			tree.appendLeafHash(hash);
			if (i % 97 == 0) {
				range = CompactRange.of(range.size(), range.hashes());
			}
			assertThat(range.root()).isEqualTo(tree.root(i + 1));
		}
	}

}
