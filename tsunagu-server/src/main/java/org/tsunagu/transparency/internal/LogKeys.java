package org.tsunagu.transparency.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.tsunagu.merkle.NoteKey;
import org.tsunagu.platform.PublicUrl;
import org.tsunagu.platform.SecretFiles;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The log's identity: its origin line ({@code tsunagu.transparency.origin}; by default the public URL's host and
 * path followed by {@code /log} as it was when the log first signed, kept in {@code <data dir>/keys/log-origin} so
 * that it never changes under a log) and its Ed25519 checkpoint key, kept in {@code <data dir>/keys/log-key.p8}
 * (and the public half beside it), created on first start.
 */
@Component
final class LogKeys {

	private final String configuredOrigin;

	private final PublicUrl publicUrl;

	private final PrivateKey privateKey;

	private final PublicKey publicKey;

	private volatile NoteKey noteKey;

	private final Path originFile;

	private volatile String origin;

	LogKeys(@Value("${tsunagu.transparency.origin:}") String origin, PublicUrl publicUrl, TsunaguProperties properties) {
		this.configuredOrigin = origin;
		this.publicUrl = publicUrl;
		Path dir = properties.dataDir().resolve("keys");
		this.originFile = dir.resolve("log-origin");
		Path secret = dir.resolve("log-key.p8");
		Path open = dir.resolve("log-key.pub");
		try {
			KeyFactory factory = KeyFactory.getInstance("Ed25519");
			if (!Files.exists(secret)) {
				KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
				SecretFiles.write(secret, Base64.getEncoder().encode(pair.getPrivate().getEncoded()));
				Files.write(open, Base64.getEncoder().encode(pair.getPublic().getEncoded()));
			}
			this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readAllBytes(secret))));
			this.publicKey = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readAllBytes(open))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the log key in " + dir, ex);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is not available", ex);
		}
	}

	/** The checkpoint's origin line: stable for the log's lifetime. */
	String origin() {
		if (!this.configuredOrigin.isBlank()) {
			return this.configuredOrigin;
		}
		String current = this.origin;
		if (current != null) {
			return current;
		}
		synchronized (this) {
			try {
				if (Files.exists(this.originFile)) {
					current = Files.readString(this.originFile).strip();
				}
				else {
					URI base = URI.create(this.publicUrl.base());
					current = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "")
							+ (base.getPath() == null ? "" : base.getPath()) + "/log";
					Files.writeString(this.originFile, current + "\n");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read or keep the log's origin in " + this.originFile, ex);
			}
			this.origin = current;
			return current;
		}
	}

	/** The verifier key, named by the origin (C2SP signed-note, key type 0x01 Ed25519). */
	NoteKey noteKey() {
		NoteKey current = this.noteKey;
		if (current == null) {
			current = NoteKey.of(origin(), 1, this.publicKey);
			this.noteKey = current;
		}
		return current;
	}

	PrivateKey privateKey() {
		return this.privateKey;
	}

}
