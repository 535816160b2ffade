package org.tsunagu.registry;

import java.util.Objects;

/**
 * How sure the registry is that the person is who they claim: the profile's own level (for {@code jp}, IAL1 to
 * IAL3) and the eIDAS level it maps to.
 *
 * @param level the profile's level, such as {@code IAL3}
 * @param eidas the eIDAS level: {@code low}, {@code substantial} or {@code high}
 * @see <a href="https://eur-lex.europa.eu/eli/reg_impl/2015/1502/oj">Implementing Regulation (EU) 2015/1502</a>
 */
public record AssuranceLevel(String level, String eidas) {

	public static final AssuranceLevel IAL1 = new AssuranceLevel("IAL1", "low");

	public static final AssuranceLevel IAL2 = new AssuranceLevel("IAL2", "substantial");

	public static final AssuranceLevel IAL3 = new AssuranceLevel("IAL3", "high");

	public AssuranceLevel {
		Objects.requireNonNull(level, "level");
		Objects.requireNonNull(eidas, "eidas");
	}

	public static AssuranceLevel ofLevel(String level) {
		return switch (level) {
			case "IAL1" -> IAL1;
			case "IAL2" -> IAL2;
			case "IAL3" -> IAL3;
			default -> throw new IllegalArgumentException("Unknown assurance level");
		};
	}

}
