package org.tsunagu.wallet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import org.tsunagu.merkle.Checkpoint;
import org.tsunagu.merkle.InvalidNoteException;
import org.tsunagu.merkle.InvalidProofException;
import org.tsunagu.merkle.NoteKey;
import org.tsunagu.merkle.ProofVerifier;
import org.tsunagu.merkle.SignedNote;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches a log: fetches its checkpoint, checks the signature with the key pinned in the state file (on first
 * use, the key the log publishes), and checks that the tree only grew since the last checkpoint seen: a smaller
 * size, a different root at the same size, or a consistency proof that fails is a fork or a rollback, reported
 * loudly. The state file keeps the key, the size and the root.
 */
public final class LogMonitor {

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	public LogMonitor(HttpClient http) {
		this.http = http;
	}

	/** The outcome of one check. */
	public record Seen(long previousSize, long size, String root) {
	}

	public Seen check(String server, Path state) {
		Properties saved = new Properties();
		if (Files.exists(state)) {
			try (var in = Files.newInputStream(state)) {
				saved.load(in);
			}
			catch (IOException ex) {
				throw new WalletException("Cannot read " + state + ".", ex);
			}
		}
		String base = server.replaceAll("/$", "");
		NoteKey key = NoteKey.parse(saved.getProperty("key", get(base + "/log/key").strip()));
		Checkpoint checkpoint;
		try {
			SignedNote note = SignedNote.parse(get(base + "/log/checkpoint"));
			if (note.verify(List.of(key)).isEmpty()) {
				throw new WalletException("ALERT: the checkpoint is not signed by the pinned key " + key.name() + ".");
			}
			checkpoint = Checkpoint.parse(note.text());
		}
		catch (InvalidNoteException ex) {
			throw new WalletException("ALERT: the checkpoint does not verify: " + ex.getMessage());
		}
		long previous = Long.parseLong(saved.getProperty("size", "0"));
		if (saved.containsKey("size")) {
			byte[] previousRoot = Base64.getDecoder().decode(saved.getProperty("root"));
			if (checkpoint.size() < previous) {
				throw new WalletException("ALERT: the log shrank from " + previous + " to " + checkpoint.size() + " entries.");
			}
			if (checkpoint.size() == previous && !java.util.Arrays.equals(previousRoot, checkpoint.rootHash())) {
				throw new WalletException("ALERT: fork: a different tree of the same size " + previous + ".");
			}
			if (checkpoint.size() > previous && previous > 0) {
				JsonNode proof = this.json.readTree(get(base + "/log/proof/consistency?from=" + previous + "&to=" + checkpoint.size()));
				List<byte[]> hashes = new ArrayList<>();
				proof.path("proof").forEach((h) -> hashes.add(Base64.getDecoder().decode(h.asString())));
				try {
					ProofVerifier.verifyConsistency(previous, checkpoint.size(), previousRoot, checkpoint.rootHash(), hashes);
				}
				catch (InvalidProofException ex) {
					throw new WalletException("ALERT: fork: the tree of " + checkpoint.size()
							+ " is not an extension of the tree of " + previous + " seen before (" + ex.getMessage() + ").");
				}
			}
		}
		saved.setProperty("key", key.toString());
		saved.setProperty("size", Long.toString(checkpoint.size()));
		saved.setProperty("root", Base64.getEncoder().encodeToString(checkpoint.rootHash()));
		try (var out = Files.newOutputStream(state)) {
			saved.store(out, "tsunagu log monitor: the last checkpoint seen");
		}
		catch (IOException ex) {
			throw new WalletException("Cannot write " + state + ".", ex);
		}
		return new Seen(previous, checkpoint.size(), Base64.getEncoder().encodeToString(checkpoint.rootHash()));
	}

	/** The log's verifier key as it publishes it. */
	public String key(String server) {
		return get(server.replaceAll("/$", "") + "/log/key").strip();
	}

	private String get(String url) {
		HttpResponse<String> response = WalletHttp.send(this.http, HttpRequest.newBuilder(URI.create(url)).build());
		if (response.statusCode() != 200) {
			throw new WalletException("The log answered " + response.statusCode() + " for " + url + ".");
		}
		return response.body();
	}

}
