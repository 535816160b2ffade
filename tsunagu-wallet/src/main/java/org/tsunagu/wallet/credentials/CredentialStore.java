package org.tsunagu.wallet.credentials;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The credentials kept beside a card, in {@code DIR/credentials/}: one JSON file per copy, readable by its owner
 * only, each written whole (a synced temporary file renamed over), so that a crash leaves a copy or none.
 */
public final class CredentialStore {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path dir;

	private CredentialStore(Path dir) {
		this.dir = dir;
	}

	/** The store of the card in {@code cardDir}. */
	public static CredentialStore of(Path cardDir) {
		return new CredentialStore(cardDir.resolve("credentials"));
	}

	/** Every copy that can be read, by configuration and then soonest to expire; files that are not copies are left. */
	public List<StoredCredential> all() {
		if (!Files.isDirectory(this.dir)) {
			return List.of();
		}
		List<StoredCredential> copies = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.dir)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
				read(file).ifPresent(copies::add);
			}
		}
		catch (IOException ex) {
			throw new WalletException("Cannot read " + this.dir + ".", ex);
		}
		copies.sort(Comparator.comparing(StoredCredential::configuration)
			.thenComparing(StoredCredential::expiresAt, Comparator.nullsLast(Comparator.naturalOrder())));
		return copies;
	}

	/** Keeps new copies; answers them with their files. */
	public List<StoredCredential> add(List<StoredCredential> copies) {
		List<StoredCredential> kept = new ArrayList<>();
		try {
			if (!Files.isDirectory(this.dir)) {
				Files.createDirectories(this.dir, ownerOnly("rwx------"));
			}
			for (StoredCredential copy : copies) {
				Path file = this.dir.resolve(copy.configuration().replaceAll("[^A-Za-z0-9_-]", "_") + "-"
						+ HexFormat.of().formatHex(random(6)) + ".json");
				write(file, json(copy).toPrettyString());
				kept.add(copy.at(file));
			}
		}
		catch (IOException ex) {
			// all or none: the copies written so far go too
			remove(kept);
			throw new WalletException("Cannot write in " + this.dir + "; nothing was kept.", ex);
		}
		return kept;
	}

	/** Deletes copies. */
	public void remove(List<StoredCredential> copies) {
		try {
			for (StoredCredential copy : copies) {
				Files.deleteIfExists(copy.file());
			}
		}
		catch (IOException ex) {
			throw new WalletException("Cannot delete a credential in " + this.dir + ".", ex);
		}
	}

	private static ObjectNode json(StoredCredential copy) {
		ObjectNode json = Wire.JSON.createObjectNode()
			.put("configuration", copy.configuration())
			.put("name", copy.name())
			.put("issuer", copy.issuer())
			.put("vct", copy.vct())
			.put("expiresAt", copy.expiresAt() == null ? null : copy.expiresAt().toString())
			.put("receivedAt", copy.receivedAt().toString());
		copy.claims().forEach(json.putArray("claims")::add);
		json.put("credential", copy.credential());
		json.put("holderKey", Base64.getEncoder().encodeToString(copy.sealedHolderKey()));
		json.put("holderKeySealedWith", "the card's authentication PIN");
		return json;
	}

	private static java.util.Optional<StoredCredential> read(Path file) {
		try {
			JsonNode json = Wire.JSON.readTree(Files.readString(file));
			List<String> claims = new ArrayList<>();
			json.path("claims").forEach((c) -> claims.add(c.asString()));
			String expires = json.path("expiresAt").asString(null);
			return java.util.Optional.of(new StoredCredential(file, json.get("configuration").asString(), json.path("name").asString(""),
					json.get("issuer").asString(), json.get("vct").asString(), expires == null ? null : Instant.parse(expires),
					Instant.parse(json.get("receivedAt").asString()), List.copyOf(claims), json.get("credential").asString(),
					Base64.getDecoder().decode(json.get("holderKey").asString())));
		}
		catch (IOException | RuntimeException ex) {
			return java.util.Optional.empty();
		}
	}

	private static void write(Path file, String text) throws IOException {
		Path temp = Files.createTempFile(file.getParent(), "credential", ".tmp", ownerOnly("rw-------"));
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
			channel.write(java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			channel.force(true);
		}
		Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
	}

	private static FileAttribute<?>[] ownerOnly(String permissions) {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)) }
				: new FileAttribute<?>[0];
	}

	private static byte[] random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return value;
	}

}
