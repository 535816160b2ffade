package org.tsunagu.registry.internal;

import java.util.List;
import java.util.Set;

import org.tsunagu.registry.AssuranceLevel;
import org.tsunagu.registry.internal.ResidentRecord.Evidence;

/**
 * Derives the level of assurance from identity evidence, in the {@code jp} profile's vocabulary (IAL1 to IAL3,
 * after NIST SP 800-63A as Japan's DS-500 guideline uses it) with the eIDAS level beside it:
 * <ul>
 * <li>IAL3 (eIDAS high): a photo identity document checked in person, or its chip read;</li>
 * <li>IAL2 (eIDAS substantial): a photo identity document checked remotely by video, or two non-photo
 * documents checked in person;</li>
 * <li>IAL1 (eIDAS low): anything less.</li>
 * </ul>
 */
final class AssurancePolicy {

	static final Set<String> PHOTO_DOCUMENTS = Set.of("passport", "my-number-card", "residence-card",
			"drivers-licence");

	static final Set<String> OTHER_DOCUMENTS = Set.of("health-insurance-card", "birth-certificate",
			"pension-book", "utility-bill", "family-register");

	static final Set<String> METHODS = Set.of("in-person", "chip-read", "remote-video", "postal", "self-declared");

	private AssurancePolicy() {
	}

	static AssuranceLevel derive(List<Evidence> evidence) {
		boolean strongPhoto = evidence.stream()
			.anyMatch((e) -> PHOTO_DOCUMENTS.contains(e.type()) && Set.of("in-person", "chip-read").contains(e.method()));
		if (strongPhoto) {
			return AssuranceLevel.IAL3;
		}
		boolean remotePhoto = evidence.stream()
			.anyMatch((e) -> PHOTO_DOCUMENTS.contains(e.type()) && e.method().equals("remote-video"));
		long inPersonOthers = evidence.stream()
			.filter((e) -> OTHER_DOCUMENTS.contains(e.type()) && e.method().equals("in-person"))
			.map(Evidence::type)
			.distinct()
			.count();
		if (remotePhoto || inPersonOthers >= 2) {
			return AssuranceLevel.IAL2;
		}
		return AssuranceLevel.IAL1;
	}

}
