package org.tsunagu.oidc.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Levels of assurance as relying parties ask for them in {@code acr_values}: Tsunagu's own URNs and the eIDAS
 * URIs, each naming low, substantial or high. A request is met by its lowest listed level; the answer names the
 * level actually reached, in the vocabulary the relying party used.
 */
final class Levels {

	static final List<String> ORDER = List.of("low", "substantial", "high");

	static final String TSUNAGU = "urn:tsunagu:loa:";

	static final String EIDAS = "http://eidas.europa.eu/LoA/";

	static final List<String> SUPPORTED = List.of(TSUNAGU + "low", TSUNAGU + "substantial", TSUNAGU + "high",
			EIDAS + "low", EIDAS + "substantial", EIDAS + "high");

	private static final Map<String, String> BY_VALUE = Map.of(TSUNAGU + "low", "low", TSUNAGU + "substantial",
			"substantial", TSUNAGU + "high", "high", EIDAS + "low", "low", EIDAS + "substantial", "substantial",
			EIDAS + "high", "high");

	private Levels() {
	}

	static int rank(String level) {
		return ORDER.indexOf(level);
	}

	static String lower(String a, String b) {
		return rank(a) <= rank(b) ? a : b;
	}

	/** The lowest level a space-separated {@code acr_values} accepts; empty when it names none we know. */
	static Optional<String> required(String acrValues) {
		if (acrValues == null || acrValues.isBlank()) {
			return Optional.empty();
		}
		return java.util.Arrays.stream(acrValues.trim().split("\\s+"))
			.map(BY_VALUE::get)
			.filter(java.util.Objects::nonNull)
			.min(java.util.Comparator.comparingInt(Levels::rank));
	}

	static boolean allKnown(String acrValues) {
		return acrValues == null || acrValues.isBlank()
				|| java.util.Arrays.stream(acrValues.trim().split("\\s+")).allMatch(BY_VALUE::containsKey);
	}

	/** The {@code acr} to answer: the reached level in the vocabulary of the request (Tsunagu's by default). */
	static String acr(String reached, String acrValues) {
		boolean eidas = acrValues != null && acrValues.contains(EIDAS) && !acrValues.contains(TSUNAGU);
		return (eidas ? EIDAS : TSUNAGU) + reached;
	}

}
