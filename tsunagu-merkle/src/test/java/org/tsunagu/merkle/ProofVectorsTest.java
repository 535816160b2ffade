package org.tsunagu.merkle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transparency-dev/merkle inclusion and consistency vectors, tampered cases included. */
class ProofVectorsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static Stream<Arguments> inclusion() {
		return vectors("inclusion");
	}

	static Stream<Arguments> consistency() {
		return vectors("consistency");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("inclusion")
	void verifyInclusionWhenVectorThenAsExpected(String name, JsonNode v) {
		Runnable check = () -> ProofVerifier.verifyInclusion(uint64(v.get("leafIdx")), uint64(v.get("treeSize")),
				bytes(v.get("leafHash")), proof(v.get("proof")), bytes(v.get("root")));
		expect(v, check);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("consistency")
	void verifyConsistencyWhenVectorThenAsExpected(String name, JsonNode v) {
		Runnable check = () -> ProofVerifier.verifyConsistency(uint64(v.get("size1")), uint64(v.get("size2")),
				bytes(v.get("root1")), bytes(v.get("root2")), proof(v.get("proof")));
		expect(v, check);
	}

	private static void expect(JsonNode v, Runnable check) {
		if (v.get("wantErr").asBoolean()) {
			assertThatThrownBy(check::run).isInstanceOf(InvalidProofException.class);
		}
		else {
			assertThatCode(check::run).doesNotThrowAnyException();
		}
	}

	private static Stream<Arguments> vectors(String kind) {
		try {
			Path root = Path.of(ProofVectorsTest.class.getResource("/vectors/transparency-dev-merkle/" + kind).toURI());
			List<Arguments> out = new ArrayList<>();
			try (Stream<Path> files = Files.walk(root)) {
				for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
					out.add(Arguments.of(root.relativize(file).toString(), JSON.readTree(Files.readString(file))));
				}
			}
			return out.stream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The vectors' sizes are Go uint64; above 2^63 - 1 they become negative, which the verifier refuses. */
	static long uint64(JsonNode node) {
		return node.bigIntegerValue().longValue();
	}

	static byte[] bytes(JsonNode node) {
		return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asString());
	}

	static List<byte[]> proof(JsonNode node) {
		List<byte[]> proof = new ArrayList<>();
		if (node != null && !node.isNull()) {
			node.forEach((h) -> proof.add(bytes(h)));
		}
		return proof;
	}

}
