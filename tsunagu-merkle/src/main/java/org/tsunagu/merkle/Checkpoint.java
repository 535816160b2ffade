package org.tsunagu.merkle;

import java.util.Base64;
import java.util.List;

/**
 * A transparency log checkpoint, the body of a signed note: the log's origin, the tree size and the root hash,
 * one per line, then optional extension lines.
 *
 * @see <a href="https://c2sp.org/tlog-checkpoint">C2SP tlog-checkpoint</a>
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

	public Checkpoint {
		if (origin.isEmpty() || origin.contains("\n") || size < 0 || rootHash.length != TreeHashes.SIZE) {
			throw new IllegalArgumentException("not a checkpoint");
		}
		extensions = List.copyOf(extensions);
		rootHash = rootHash.clone();
	}

	public static Checkpoint parse(String text) {
		if (!text.endsWith("\n")) {
			throw new InvalidNoteException("a checkpoint ends with a newline");
		}
		String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
		if (lines.length < 3) {
			throw new InvalidNoteException("a checkpoint has an origin, a size and a root hash");
		}
		if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
			throw new InvalidNoteException("the tree size is a decimal without leading zeros");
		}
		byte[] root;
		try {
			root = Base64.getDecoder().decode(lines[2]);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidNoteException("the root hash is not base64");
		}
		List<String> extensions = List.of(lines).subList(3, lines.length);
		if (lines[0].isEmpty() || root.length != TreeHashes.SIZE || extensions.stream().anyMatch(String::isEmpty)) {
			throw new InvalidNoteException("the checkpoint's lines are malformed");
		}
		long size;
		try {
			size = Long.parseLong(lines[1]);
		}
		catch (NumberFormatException ex) {
			// nineteen digits can be more than a tree can hold
			throw new InvalidNoteException("the tree size is larger than a tree can be");
		}
		return new Checkpoint(lines[0], size, root, extensions);
	}

	/** The note text of this checkpoint. */
	public String body() {
		StringBuilder out = new StringBuilder(this.origin).append('\n')
			.append(this.size)
			.append('\n')
			.append(Base64.getEncoder().encodeToString(this.rootHash))
			.append('\n');
		this.extensions.forEach((e) -> out.append(e).append('\n'));
		return out.toString();
	}

	@Override
	public byte[] rootHash() {
		return this.rootHash.clone();
	}

}
