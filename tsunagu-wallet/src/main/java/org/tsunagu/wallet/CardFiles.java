package org.tsunagu.wallet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The card's files in its directory: read whole, and written owner-only through a synced temporary file and an
 * atomic rename, so that a crash leaves the old file or the new one, never half of either.
 */
final class CardFiles {

	private CardFiles() {
	}

	static byte[] read(Path dir, String name) {
		try {
			return Files.readAllBytes(dir.resolve(name));
		}
		catch (IOException ex) {
			throw new WalletException("The card's file " + name + " cannot be read.", ex);
		}
	}

	static void write(Path dir, String name, byte[] bytes) {
		try {
			Path temp = Files.createTempFile(dir, name, ".tmp", ownerOnly());
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				channel.write(java.nio.ByteBuffer.wrap(bytes));
				channel.force(true);
			}
			Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the card's file " + name, ex);
		}
	}

	/** Read and write for the owner alone, where the file system knows POSIX permissions. */
	static FileAttribute<?>[] ownerOnly() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
				: new FileAttribute<?>[0];
	}

}
