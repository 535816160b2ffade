package org.tsunagu.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tsunagu.merkle.InvalidProofException;
import org.tsunagu.merkle.MerkleTree;
import org.tsunagu.merkle.ProofVerifier;

/**
 * Fuzz target: inclusion and consistency proofs (RFC 9162) as a person's wallet checks them against a tree of 1,000
 * entries. The input gives a leaf index, tree sizes, the proof's hashes and which root to check against. Its rule:
 * verified or refused with {@link InvalidProofException}; never another exception, and a proof verifies only when it
 * is the tree's own (a different proof, leaf or size that verifies is a forgery).
 */
public final class ProofFuzzTarget {

	static final int ENTRIES = 1000;

	static final MerkleTree TREE = new MerkleTree();

	static {
		for (int i = 0; i < ENTRIES; i++) {
			TREE.appendEntry(("entry " + i).getBytes(StandardCharsets.UTF_8));
		}
	}

	private ProofFuzzTarget() {
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length < 8) {
			return;
		}
		ByteBuffer in = ByteBuffer.wrap(data);
		boolean consistency = (in.get() & 1) == 1;
		long a = in.getShort() & 0xffff;
		long b = in.getShort() & 0xffff;
		int mutate = in.get() & 0xff;
		long index = a % (ENTRIES + 5);
		long size = b % (ENTRIES + 5);
		byte[] rest = new byte[in.remaining()];
		in.get(rest);
		FuzzBounds.check(() -> {
			if (consistency) {
				consistency(index, size, mutate, rest);
			}
			else {
				inclusion(index, size, mutate, rest);
			}
		});
	}

	private static void inclusion(long index, long size, int mutate, byte[] rest) {
		long s = Math.max(1, Math.min(size, ENTRIES));
		List<byte[]> genuine = index < s ? TREE.inclusionProof(index, s) : List.of();
		List<byte[]> proof = mutated(genuine, mutate, rest);
		byte[] leaf = index < ENTRIES ? TREE.leafHash(index) : Arrays.copyOf(rest, 32);
		try {
			ProofVerifier.verifyInclusion(index, size, leaf, proof, TREE.root(s));
		}
		catch (InvalidProofException refused) {
			return;
		}
		// a root belongs to one size (both come from one signed checkpoint): only a proof checked against its own
		// tree's size and root can be a forgery
		if (size == s && (index >= s || !same(proof, genuine))) {
			throw new FuzzBounds.FuzzFinding("an inclusion proof verified that is not the tree's own");
		}
	}

	private static void consistency(long size1, long size2, int mutate, byte[] rest) {
		long n = Math.max(1, Math.min(size2, ENTRIES));
		long m = Math.max(1, Math.min(size1, n));
		List<byte[]> genuine = TREE.consistencyProof(m, n);
		List<byte[]> proof = mutated(genuine, mutate, rest);
		try {
			ProofVerifier.verifyConsistency(size1, size2, TREE.root(m), TREE.root(n), proof);
		}
		catch (InvalidProofException refused) {
			return;
		}
		if (size1 == m && size2 == n && !same(proof, genuine)) {
			throw new FuzzBounds.FuzzFinding("a consistency proof verified that is not the tree's own");
		}
	}

	/** The genuine proof, or one changed as the input says: a hash replaced, dropped, added, or a short one. */
	private static List<byte[]> mutated(List<byte[]> genuine, int mutate, byte[] rest) {
		List<byte[]> proof = new ArrayList<>(genuine);
		int at = proof.isEmpty() ? 0 : (mutate >> 2) % proof.size();
		byte[] hash = Arrays.copyOf(rest, rest.length >= 32 ? 32 : rest.length);
		switch (mutate & 3) {
			case 1 -> {
				if (!proof.isEmpty()) {
					proof.set(at, hash);
				}
			}
			case 2 -> {
				if (!proof.isEmpty()) {
					proof.remove(at);
				}
			}
			case 3 -> proof.add(Math.min(at, proof.size()), hash);
			default -> {
			}
		}
		return proof;
	}

	private static boolean same(List<byte[]> a, List<byte[]> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (!Arrays.equals(a.get(i), b.get(i))) {
				return false;
			}
		}
		return true;
	}


}
