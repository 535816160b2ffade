package org.tsunagu.transparency;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.merkle.Checkpoint;
import org.tsunagu.merkle.NoteKey;
import org.tsunagu.merkle.ProofVerifier;
import org.tsunagu.merkle.SignedNote;
import org.tsunagu.merkle.TileLayout;
import org.tsunagu.merkle.TiledTree;
import org.tsunagu.merkle.TreeHashes;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log as an outside verifier sees it, over HTTP only: a signed checkpoint that the published key verifies,
 * tiles that rebuild the checkpoint's root, entry bundles whose leaves are the tiles' hashes and name no one, and
 * consistency between successive checkpoints.
 */
@TsunaguTest
class TransparencyLogTest {

	@Autowired
	TestApi api;

	private final HttpClient http = HttpClient.newHttpClient();

	private byte[] bytes(String path) throws Exception {
		HttpResponse<byte[]> response = this.http.send(HttpRequest.newBuilder(this.api.uri(path)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private Checkpoint checkpointAtLeast(long size, NoteKey key) {
		return org.awaitility.Awaitility.await("a checkpoint of size " + size)
			.atMost(Duration.ofSeconds(10))
			.until(() -> latest(key), (checkpoint) -> checkpoint != null && checkpoint.size() >= size);
	}

	private Checkpoint latest(NoteKey key) {
		TestApi.Response response = this.api.get("/log/checkpoint");
		if (response.status() != 200) {
			return null;
		}
		SignedNote note = SignedNote.parse(response.body());
		assertThat(note.verify(List.of(key))).containsExactly(key);
		return Checkpoint.parse(note.text());
	}

	@Test
	void logWhenResidentsAndCardsChangeThenAnyoneCanVerifyItFromTilesAlone() throws Exception {
		NoteKey key = NoteKey.parse(this.api.get("/log/key").body().strip());
		String resident = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		Checkpoint first = checkpointAtLeast(1, key);
		for (int i = 0; i < 300; i++) {
			this.api.postJson("/api/v1/residents", TestResidents.katsuko());
		}
		Checkpoint second = checkpointAtLeast(first.size() + 300, key);

		// the tiles alone give the checkpoint's root
		TiledTree tree = new TiledTree(second.size(), (level, index, width) -> {
			try {
				return bytes("/log/" + new TileLayout.Tile(level, index, width).path());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(tree.root()).isEqualTo(second.rootHash());

		// consistency with the earlier checkpoint, as the server proves it and as the tiles prove it
		JsonNode proof = this.api.get("/log/proof/consistency?from=" + first.size() + "&to=" + second.size()).jsonBody();
		List<byte[]> hashes = new ArrayList<>();
		proof.get("proof").forEach((h) -> hashes.add(Base64.getDecoder().decode(h.asString())));
		ProofVerifier.verifyConsistency(first.size(), second.size(), first.rootHash(), second.rootHash(), hashes);
		ProofVerifier.verifyConsistency(first.size(), second.size(), first.rootHash(), second.rootHash(),
				tree.consistencyProof(first.size(), second.size()));

		// entry bundles: their leaves hash to the level-0 tile, and no entry names the resident
		byte[] bundle = bytes("/log/" + new TileLayout.Tile(0, 0, TileLayout.WIDTH).entriesPath());
		byte[] tile = bytes("/log/" + new TileLayout.Tile(0, 0, TileLayout.WIDTH).path());
		ByteBuffer in = ByteBuffer.wrap(bundle);
		for (int i = 0; i < TileLayout.WIDTH; i++) {
			byte[] entry = new byte[in.getShort() & 0xFFFF];
			in.get(entry);
			String text = new String(entry, StandardCharsets.UTF_8);
			assertThat(text).doesNotContain(resident).doesNotContain("髙橋").doesNotContain("Katsuko");
			// an entry about a person carries the commitment to the person; an operator's change is about no one
			assertThat(text).contains(text.contains("\"operator action") ? "\"who\"" : "\"subject\"");
			assertThat(TreeHashes.leaf(entry)).isEqualTo(java.util.Arrays.copyOfRange(tile, i * 32, (i + 1) * 32));
		}
		assertThat(in.hasRemaining()).isFalse();

		JsonNode inclusion = this.api.get("/log/proof/inclusion?index=3&size=" + second.size()).jsonBody();
		List<byte[]> path = new ArrayList<>();
		inclusion.get("proof").forEach((h) -> path.add(Base64.getDecoder().decode(h.asString())));
		ProofVerifier.verifyInclusion(3, second.size(), java.util.Arrays.copyOfRange(tile, 3 * 32, 4 * 32), path,
				second.rootHash());

		// after the tiles grew (and were read wide), a proof at the earlier size is still the earlier tree's,
		// and a narrower copy of a partial tile is the prefix of the wider one
		JsonNode earlier = this.api.get("/log/proof/inclusion?index=0&size=" + first.size()).jsonBody();
		List<byte[]> earlierPath = new ArrayList<>();
		earlier.get("proof").forEach((h) -> earlierPath.add(Base64.getDecoder().decode(h.asString())));
		ProofVerifier.verifyInclusion(0, first.size(), java.util.Arrays.copyOfRange(tile, 0, 32), earlierPath,
				first.rootHash());
		long last = (second.size() - 1) / TileLayout.WIDTH;
		int width = (int) (second.size() - last * TileLayout.WIDTH);
		if (width > 1) {
			byte[] wide = bytes("/log/" + new TileLayout.Tile(0, last, width).path());
			byte[] narrow = bytes("/log/" + new TileLayout.Tile(0, last, width - 1).path());
			assertThat(narrow).isEqualTo(java.util.Arrays.copyOf(wide, (width - 1) * 32));
		}
	}

	@Test
	void logWhenAskedForWhatDoesNotExistThenProblemNeverFiveHundred() throws Exception {
		this.api.postJson("/api/v1/residents", TestResidents.katsuko());
		NoteKey key = NoteKey.parse(this.api.get("/log/key").body().strip());
		long size = checkpointAtLeast(1, key).size();
		for (String path : List.of("/log/tile/0/abc", "/log/tile/0/x999/x999/x999/x999/x999/x999/x999/999",
				"/log/tile/0/1", "/log/tile/0/000.p/0", "/log/tile/0/000.p/300", "/log/tile/9/000", "/log/tile/entries/x1/000",
				"/log/tile/0/" + TileLayout.encodeIndex(size / 256 + 5), "/log/tile/8/000", "/log/tile/0/000.p/007",
				"/log/tile/0/x072/x057/x594/x037/x927/936")) {
			TestApi.Response response = this.api.get(path);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.contentType()).as(path).contains("problem+json");
		}
		if (size % 256 != 0) {
			// the log may have grown past the tile's end since that checkpoint was read (other tests append, and
			// the checkpoint endpoint answers from a copy up to one integration period old): a full tile is then
			// right, and a checkpoint at least that large must follow
			long end = (size / 256 + 1) * 256;
			TestApi.Response tile = this.api.get("/log/tile/0/" + TileLayout.encodeIndex(size / 256));
			if (tile.status() == 200) {
				assertThat(checkpointAtLeast(end, key).size()).as("a partial tile is never served as full").isGreaterThanOrEqualTo(end);
			}
			else {
				assertThat(tile.status()).isEqualTo(404);
			}
		}
		for (String query : List.of("from=2&to=1", "from=-1&to=1", "from=0&to=99999999999999", "from=a&to=1",
				"from=0&to=" + (size + 1_000_000))) {
			TestApi.Response response = this.api.get("/log/proof/consistency?" + query);
			assertThat(response.status()).as(query).isEqualTo(400);
		}
		assertThat(this.api.get("/log/proof/inclusion?index=" + size + "&size=" + size).status()).isEqualTo(400);
	}

}
