package org.tsunagu.eligibility.web;

import java.util.Map;
import java.util.UUID;

import org.tsunagu.eligibility.internal.CurrentCoverage;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.registry.Residents;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A resident's health insurance as an operator sees it ({@code registry:read}): the same reading as the person's
 * own view and the clinic's answer, so that an overlap the clinic is told of shows on the console too.
 */
@RestController
final class ResidentCoverageController {

	private final CurrentCoverage coverage;

	private final Residents residents;

	ResidentCoverageController(CurrentCoverage coverage, Residents residents) {
		this.coverage = coverage;
		this.residents = residents;
	}

	@GetMapping(path = "/api/v1/residents/{id}/coverage", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> coverage(@PathVariable UUID id) {
		this.residents.find(id).orElseThrow(() -> ApiProblem.notFound("The resident"));
		return this.coverage.summary(id);
	}

}
