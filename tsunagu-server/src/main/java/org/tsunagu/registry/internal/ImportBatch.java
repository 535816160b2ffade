package org.tsunagu.registry.internal;

import org.tsunagu.platform.BoundedLineReader;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.tsunagu.platform.JsonViolations;
import org.tsunagu.platform.Violation;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.IndividualNumber;
import org.tsunagu.registry.ResidentEnrolled;
import org.tsunagu.registry.internal.Forms.EnrolmentRequest;
import org.tsunagu.registry.internal.JdbcImportJobs.LineError;
import org.tsunagu.registry.internal.JdbcResidentRepository.NewResident;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Enrols one batch of import lines in one transaction: parse and check each line, skip references already
 * enrolled, report possible duplicates, draw numbers, insert with JDBC batches, publish the events, and record
 * the job's progress and line errors, so that progress and residents are committed together.
 */
@Component
final class ImportBatch {

	private final JdbcImportJobs jobs;

	private final JdbcResidentRepository residents;

	private final RecordRules rules;

	private final NumberProtection numbers;

	private final MatchKeys matchKeys;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ImportBatch(JdbcImportJobs jobs, JdbcResidentRepository residents, RecordRules rules, NumberProtection numbers,
			MatchKeys matchKeys, TransactionTemplate transactions, ApplicationEventPublisher events, JsonMapper json,
			Clock clock) {
		this.jobs = jobs;
		this.residents = residents;
		this.rules = rules;
		this.numbers = numbers;
		this.matchKeys = matchKeys;
		this.transactions = transactions;
		this.events = events;
		this.json = json;
		this.clock = clock;
	}

	void process(UUID id, List<Line> lines, long lastLine, String submittedBy) {
		List<LineError> errors = new ArrayList<>();
		List<Parsed> parsed = new ArrayList<>(lines.size());
		for (Line line : lines) {
			parse(line, errors, parsed);
		}
		for (int attempt = 1;; attempt++) {
			try {
				this.transactions.executeWithoutResult((tx) -> {
					List<LineError> all = new ArrayList<>(errors);
					Outcome outcome = enrol(parsed, all, submittedBy);
					this.jobs.progress(id, lastLine, outcome.enrolled(), outcome.skipped(), all);
				});
				return;
			}
			catch (DuplicateKeyException ex) {
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	private void parse(Line line, List<LineError> errors, List<Parsed> parsed) {
		if (line.bytes() == BoundedLineReader.TOO_LONG) {
			errors.add(new LineError(line.number(), "", "The line is longer than 64 KiB."));
			return;
		}
		if (isBlank(line.bytes())) {
			return;
		}
		EnrolmentRequest request;
		try {
			request = this.json.readValue(line.bytes(), EnrolmentRequest.class);
		}
		catch (JacksonException ex) {
			Violation v = JsonViolations.of(ex);
			errors.add(new LineError(line.number(), v.pointer(), v.detail()));
			return;
		}
		Violations v = new Violations();
		if (request.externalReference() == null) {
			v.add("/externalReference", "Each imported line needs an external reference.");
		}
		ResidentRecord record = this.rules.enrolment(request, v);
		if (!v.isEmpty()) {
			v.list().forEach((violation) -> errors.add(new LineError(line.number(), violation.pointer(), violation.detail())));
			return;
		}
		parsed.add(new Parsed(line.number(), request, record, this.matchKeys.of(record)));
	}

	private Outcome enrol(List<Parsed> parsed, List<LineError> errors, String submittedBy) {
		Set<String> known = new HashSet<>(this.residents
			.existingExternalReferences(parsed.stream().map((p) -> p.request().externalReference()).toList()));
		Map<ByteBuffer, UUID> matches = new HashMap<>(
				this.residents.existingMatchKeys(parsed.stream().map(Parsed::matchKey).toList()));
		List<NewResident> fresh = new ArrayList<>(parsed.size());
		long skipped = 0;
		var now = this.clock.instant();
		for (Parsed p : parsed) {
			if (!known.add(p.request().externalReference())) {
				skipped++;
				continue;
			}
			UUID existing = matches.get(ByteBuffer.wrap(p.matchKey()));
			if (existing != null && !Boolean.TRUE.equals(p.request().confirmDifferentPerson())) {
				errors.add(new LineError(p.line(), "", "A resident with the same name, birth date and address exists ("
						+ existing + "); set confirmDifferentPerson if this is a different person."));
				continue;
			}
			UUID id = UUID.randomUUID();
			matches.putIfAbsent(ByteBuffer.wrap(p.matchKey()), id);
			fresh.add(new NewResident(id, p.record(), p.matchKey(), null, null, p.request().externalReference(), now,
					submittedBy));
		}
		fresh = withNumbers(fresh);
		this.residents.insertAll(fresh);
		for (NewResident r : fresh) {
			this.events.publishEvent(new ResidentEnrolled(r.id(), 1, r.record().assurance().level()));
		}
		return new Outcome(fresh.size(), skipped);
	}

	/** Draws a number for each resident, drawing again for any whose hash is taken. */
	private List<NewResident> withNumbers(List<NewResident> residents) {
		List<NewResident> out = new ArrayList<>(residents.size());
		List<NewResident> pending = residents;
		while (!pending.isEmpty()) {
			List<NewResident> drawn = pending.stream().map(this::withNumber).toList();
			Set<ByteBuffer> taken = this.residents.existingNumberHashes(drawn.stream().map(NewResident::numberHash).toList());
			Set<ByteBuffer> seen = new HashSet<>();
			List<NewResident> again = new ArrayList<>();
			for (NewResident r : drawn) {
				ByteBuffer hash = ByteBuffer.wrap(r.numberHash());
				(taken.contains(hash) || !seen.add(hash) ? again : out).add(r);
			}
			pending = again;
		}
		return out;
	}

	private NewResident withNumber(NewResident r) {
		IndividualNumber number = IndividualNumber.random(this.random);
		return new NewResident(r.id(), r.record(), r.matchKey(), this.numbers.lookupHash(number),
				this.numbers.encrypt(number), r.externalReference(), r.at(), r.recordedBy());
	}

	private static boolean isBlank(byte[] bytes) {
		for (byte b : bytes) {
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	/** One line of an import file and its number (from 1). */
	record Line(long number, byte[] bytes) {
	}

	private record Parsed(long line, EnrolmentRequest request, ResidentRecord record, byte[] matchKey) {
	}

	private record Outcome(long enrolled, long skipped) {
	}

}
