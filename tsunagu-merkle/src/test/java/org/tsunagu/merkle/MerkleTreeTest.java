package org.tsunagu.merkle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proofs this library makes are the proofs it (and the RFC) verifies; a flipped bit anywhere fails. */
class MerkleTreeTest {

	@Test
	void rootWhenRfc6962ReferenceLeavesThenKnownRoot() {
		MerkleTree tree = referenceTree();
		// the root of the 8 reference leaves, as the transparency-dev vectors give it (consistency/1/happy-path)
		assertThat(java.util.Base64.getEncoder().encodeToString(tree.root(8)))
			.isEqualTo("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=");
		assertThat(tree.root(0)).isEqualTo(TreeHashes.emptyRoot());
	}

	@Test
	void proofsWhenMadeForEverySizeThenVerifyAndATamperedOneFails() {
		MerkleTree tree = new MerkleTree();
		CompactRange range = new CompactRange();
		for (int i = 0; i < 70; i++) {
			byte[] entry = ("entry " + i).getBytes(StandardCharsets.UTF_8);
			tree.appendEntry(entry);
			range.append(TreeHashes.leaf(entry));
			assertThat(range.root()).isEqualTo(tree.root(i + 1));
		}
		for (long size = 1; size <= 70; size++) {
			for (long index = 0; index < size; index++) {
				List<byte[]> proof = tree.inclusionProof(index, size);
				long i = index;
				long n = size;
				assertThatCode(() -> ProofVerifier.verifyInclusion(i, n, leaf(tree, i), proof,
						tree.root(n))).doesNotThrowAnyException();
				if (!proof.isEmpty()) {
					List<byte[]> tampered = flip(proof);
					assertThatThrownBy(() -> ProofVerifier.verifyInclusion(i, n, leaf(tree, i), tampered, tree.root(n)))
						.isInstanceOf(InvalidProofException.class);
				}
			}
			for (long size1 = 1; size1 < size; size1++) {
				List<byte[]> proof = tree.consistencyProof(size1, size);
				long m = size1;
				long n = size;
				assertThatCode(() -> ProofVerifier.verifyConsistency(m, n, tree.root(m), tree.root(n), proof))
					.doesNotThrowAnyException();
				List<byte[]> tampered = flip(proof);
				assertThatThrownBy(() -> ProofVerifier.verifyConsistency(m, n, tree.root(m), tree.root(n), tampered))
					.isInstanceOf(InvalidProofException.class);
			}
		}
	}

	private static byte[] leaf(MerkleTree tree, long index) {
		return tree.leafHash(index);
	}

	private static List<byte[]> flip(List<byte[]> proof) {
		List<byte[]> out = new ArrayList<>();
		for (byte[] h : proof) {
			out.add(h.clone());
		}
		out.get(out.size() - 1)[7] ^= 0x10;
		return out;
	}

	private static MerkleTree referenceTree() {
		String[] leaves = { "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
				"606162636465666768696a6b6c6d6e6f" };
		MerkleTree tree = new MerkleTree();
		for (String leaf : leaves) {
			tree.appendEntry(HexFormat.of().parseHex(leaf));
		}
		return tree;
	}

}
