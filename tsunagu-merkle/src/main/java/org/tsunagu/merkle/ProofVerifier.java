package org.tsunagu.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion and consistency proofs. Every failure is an {@link InvalidProofException} saying
 * why; a method that returns has checked the proof completely.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.2">RFC 9162 section 2.1.3.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.4.2">RFC 9162 section 2.1.4.2</a>
 */
public final class ProofVerifier {

	private ProofVerifier() {
	}

	/** Checks that the leaf with {@code leafHash} is at {@code index} in the tree of {@code size} with {@code root}. */
	public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
		if (index < 0 || index >= size) {
			throw new InvalidProofException("the leaf index is outside the tree");
		}
		if (leafHash == null || leafHash.length != TreeHashes.SIZE) {
			throw new InvalidProofException("the leaf hash is not 32 bytes");
		}
		checkHashes(proof);
		long fn = index;
		long sn = size - 1;
		byte[] r = leafHash;
		for (byte[] p : proof) {
			if (sn == 0) {
				throw new InvalidProofException("the proof is longer than the tree is deep");
			}
			if ((fn & 1) == 1 || fn == sn) {
				r = TreeHashes.node(p, r);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				r = TreeHashes.node(r, p);
			}
			fn >>= 1;
			sn >>= 1;
		}
		if (sn != 0) {
			throw new InvalidProofException("the proof is shorter than the tree is deep");
		}
		match(r, root);
	}

	/** Checks that the tree of {@code size1} with {@code root1} is a prefix of the tree of {@code size2}. */
	public static void verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
		if (size1 < 0 || size2 < size1) {
			throw new InvalidProofException("the second tree is smaller than the first");
		}
		checkHashes(proof);
		if (size1 == 0) {
			throw new InvalidProofException("a consistency proof from the empty tree proves nothing");
		}
		if (size1 == size2) {
			if (!proof.isEmpty()) {
				throw new InvalidProofException("trees of the same size need an empty proof");
			}
			match(root1, root2);
			return;
		}
		if (proof.isEmpty()) {
			throw new InvalidProofException("the proof is empty");
		}
		boolean powerOfTwo = (size1 & (size1 - 1)) == 0;
		int start = powerOfTwo ? -1 : 0;
		long fn = size1 - 1;
		long sn = size2 - 1;
		while ((fn & 1) == 1) {
			fn >>= 1;
			sn >>= 1;
		}
		byte[] seed = powerOfTwo ? root1 : proof.get(0);
		byte[] fr = seed;
		byte[] sr = seed;
		for (int i = start + 1; i < proof.size(); i++) {
			byte[] c = proof.get(i);
			if (sn == 0) {
				throw new InvalidProofException("the proof is longer than needed");
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = TreeHashes.node(c, fr);
				sr = TreeHashes.node(c, sr);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				sr = TreeHashes.node(sr, c);
			}
			fn >>= 1;
			sn >>= 1;
		}
		if (sn != 0) {
			throw new InvalidProofException("the proof is shorter than needed");
		}
		match(fr, root1);
		match(sr, root2);
	}

	private static void checkHashes(List<byte[]> proof) {
		for (byte[] hash : proof) {
			if (hash == null || hash.length != TreeHashes.SIZE) {
				throw new InvalidProofException("a proof hash is not 32 bytes");
			}
		}
		if (proof.size() > 64) {
			throw new InvalidProofException("the proof has more than 64 hashes");
		}
	}

	private static void match(byte[] computed, byte[] expected) {
		if (expected == null || !MessageDigest.isEqual(computed, expected)) {
			throw new InvalidProofException("the computed root does not match");
		}
	}

}
