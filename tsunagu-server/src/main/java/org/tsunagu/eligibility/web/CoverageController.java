package org.tsunagu.eligibility.web;

import org.tsunagu.eligibility.internal.CoverageForm;
import org.tsunagu.eligibility.internal.CoverageRecords;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An insurer's members' coverage ({@code coverage:write}, the insurer's own client-credentials token): each insurer
 * reads and writes its own members only, by its own member keys.
 */
@RestController
@RequestMapping(path = "/api/v1/coverage", produces = MediaType.APPLICATION_JSON_VALUE)
final class CoverageController {

	private final CoverageRecords records;

	private final Organisations organisations;

	private final org.tsunagu.eligibility.internal.CoverageBatches batches;

	private final org.tsunagu.eligibility.internal.EligibilityDocuments documents;

	private final org.tsunagu.eligibility.internal.CoverageOverlaps overlaps;

	CoverageController(CoverageRecords records, Organisations organisations,
			org.tsunagu.eligibility.internal.CoverageBatches batches,
			org.tsunagu.eligibility.internal.EligibilityDocuments documents,
			org.tsunagu.eligibility.internal.CoverageOverlaps overlaps) {
		this.overlaps = overlaps;
		this.records = records;
		this.organisations = organisations;
		this.batches = batches;
		this.documents = documents;
	}

	@PutMapping(path = "/members/{memberKey}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Recorded> put(@PathVariable String memberKey, @RequestBody CoverageForm form, Authentication caller) {
		CoverageRecords.Saved saved = this.records.put(insurer(caller), memberKey, form);
		return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new Recorded(saved.coverage(), saved.dependants()));
	}

	/** The member's coverage as recorded, and each dependant sent with it, recorded as a member of their own. */
	record Recorded(@com.fasterxml.jackson.annotation.JsonUnwrapped CoverageRecords.Coverage coverage,
			@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
			java.util.List<CoverageRecords.Coverage> dependants) {
	}

	/** A monthly load: JSON Lines, a member per line; each line answered on its own (see {@code CoverageBatches}). */
	@org.springframework.web.bind.annotation.PostMapping(path = "/batches", consumes = { "application/jsonl",
			"application/x-ndjson" })
	java.util.Map<String, Object> batch(jakarta.servlet.http.HttpServletRequest request, Authentication caller)
			throws java.io.IOException {
		return this.batches.load(insurer(caller), request.getInputStream());
	}

	/** An eligibility document for a member without a card: a signed JWT, and its QR code to print. */
	@org.springframework.web.bind.annotation.PostMapping("/members/{memberKey}/eligibility-document")
	ResponseEntity<java.util.Map<String, Object>> document(@PathVariable String memberKey, Authentication caller) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.documents.issue(insurer(caller), memberKey));
	}

	/**
	 * The insurer's members also covered by another insurer from today on, a page at a time by member key: of the
	 * other coverage, only its insurer's name and number. Each member listed is written into that person's log.
	 */
	@GetMapping("/overlaps")
	java.util.Map<String, Object> overlaps(
			@org.springframework.web.bind.annotation.RequestParam(required = false) String after, Authentication caller) {
		return this.overlaps.list(insurer(caller), after);
	}

	@GetMapping("/members/{memberKey}")
	CoverageRecords.Coverage get(@PathVariable String memberKey, Authentication caller) {
		return this.records.find(insurer(caller), memberKey).orElseThrow(() -> ApiProblem.notFound("The member's coverage"));
	}

	@DeleteMapping("/members/{memberKey}")
	ResponseEntity<Void> delete(@PathVariable String memberKey, Authentication caller) {
		this.records.delete(insurer(caller), memberKey);
		return ResponseEntity.noContent().build();
	}

	private Organisation insurer(Authentication caller) {
		String clientId = caller instanceof JwtAuthenticationToken jwt ? jwt.getToken().getClaimAsString("client_id") : null;
		return (clientId == null ? java.util.Optional.<Organisation>empty() : this.organisations.findByClientId(clientId))
			.filter((organisation) -> "insurer".equals(organisation.kind()))
			.orElseThrow(() -> ApiProblem.of(HttpStatus.FORBIDDEN, "not-an-insurer", "Not an insurer",
					"Coverage is written by a registered insurer with its own token."));
	}

}
