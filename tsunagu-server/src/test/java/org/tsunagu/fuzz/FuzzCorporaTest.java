package org.tsunagu.fuzz;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every fuzz target's corpus (src/test/fuzz/corpus/<target>/: the seeds, and each input a fuzzing run found,
 * kept once fixed) through the target, so that what was found once stays fixed. Fuzzing itself is {@code bin/fuzz}.
 */
class FuzzCorporaTest {

	static final Path FUZZ = Path.of("src/test/fuzz");

	static Stream<Arguments> inputs() throws IOException {
		List<Arguments> inputs = new ArrayList<>();
		for (String target : targets()) {
			Path corpus = FUZZ.resolve("corpus").resolve(target.substring(target.lastIndexOf('.') + 1));
			try (Stream<Path> files = Files.list(corpus)) {
				files.sorted().forEach(file -> inputs.add(Arguments.of(target, corpus.getFileName() + "/" + file.getFileName())));
			}
		}
		return inputs.stream();
	}

	static List<String> targets() throws IOException {
		return Files.readAllLines(FUZZ.resolve("targets"))
			.stream()
			.map(String::strip)
			.filter(line -> !line.isEmpty() && !line.startsWith("#"))
			.map(line -> line.split(" ")[0])
			.toList();
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("inputs")
	void corpusInputHoldsTheTargetsRule(String target, String input) throws Throwable {
		byte[] data = Files.readAllBytes(FUZZ.resolve("corpus").resolve(input));
		Method method = Class.forName(target).getMethod("fuzzerTestOneInput", byte[].class);
		try {
			method.invoke(null, (Object) data);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@ParameterizedTest
	@MethodSource("targets")
	void everyTargetHasSeeds(String target) throws IOException {
		Path corpus = FUZZ.resolve("corpus").resolve(target.substring(target.lastIndexOf('.') + 1));
		try (Stream<Path> files = Files.list(corpus)) {
			assertThat(files.count()).isPositive();
		}
	}

}
