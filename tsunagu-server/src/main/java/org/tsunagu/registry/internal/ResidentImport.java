package org.tsunagu.registry.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.JsonViolations;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.platform.Violation;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.IndividualNumber;
import org.tsunagu.registry.ResidentEnrolled;
import org.tsunagu.registry.internal.Forms.EnrolmentRequest;
import org.tsunagu.registry.internal.JdbcImportJobs.Job;
import org.tsunagu.registry.internal.JdbcImportJobs.LineError;
import org.tsunagu.registry.internal.JdbcResidentRepository.NewResident;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk import of residents from JSON Lines, as a municipality migrates its register. The upload is spooled to the
 * data directory as it streams in (never held in memory), then enrolled in batches, each batch one transaction
 * that also records the job's progress: after a crash the job resumes after its last committed batch. Every line
 * needs an {@code externalReference}; a line whose reference is already enrolled is skipped, so sending a file
 * twice enrols nobody twice.
 */
@Service
public final class ResidentImport {

	static final int BATCH = 1000;

	static final int MAX_LINE = 64 * 1024;

	private static final Logger log = LoggerFactory.getLogger(ResidentImport.class);

	private final JdbcImportJobs jobs;

	private final JdbcResidentRepository residents;

	private final RecordRules rules;

	private final NumberProtection numbers;

	private final MatchKeys matchKeys;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	private final Clock clock;

	private final Path spool;

	private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("resident-import").factory());

	private final java.security.SecureRandom random = new java.security.SecureRandom();

	private final Set<UUID> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();

	ResidentImport(JdbcImportJobs jobs, JdbcResidentRepository residents, RecordRules rules, NumberProtection numbers,
			MatchKeys matchKeys, TransactionTemplate transactions, ApplicationEventPublisher events, JsonMapper json,
			Clock clock, TsunaguProperties properties) {
		this.jobs = jobs;
		this.residents = residents;
		this.rules = rules;
		this.numbers = numbers;
		this.matchKeys = matchKeys;
		this.transactions = transactions;
		this.events = events;
		this.json = json;
		this.clock = clock;
		this.spool = properties.dataDir().resolve("imports");
	}

	/** Spools the upload and queues it; answers the job id at once. */
	public UUID submit(InputStream body, String operator) {
		UUID id = UUID.randomUUID();
		long size;
		try {
			Files.createDirectories(this.spool);
			size = Files.copy(body, file(id));
			if (size == 0) {
				Files.deleteIfExists(file(id));
			}
		}
		catch (IOException ex) {
			deleteQuietly(id);
			throw new UncheckedIOException("Could not spool an import", ex);
		}
		if (size == 0) {
			Violations v = new Violations();
			v.add("", "The import is empty: send one JSON object per line.");
			v.throwIfAny();
		}
		this.jobs.create(id, operator, this.clock.instant());
		queue(id);
		return id;
	}

	/** The job's progress and up to {@code limit} line errors after line {@code afterLine}. */
	public Map<String, Object> report(UUID id, long afterLine, int limit) {
		Job job = this.jobs.find(id).orElseThrow(() -> ApiProblem.notFound("The import"));
		List<LineError> errors = this.jobs.errors(id, afterLine, limit);
		Map<String, Object> report = new java.util.LinkedHashMap<>();
		report.put("job", job);
		report.put("errors", errors);
		if (errors.size() == limit) {
			report.put("nextAfterLine", errors.get(errors.size() - 1).line());
		}
		return report;
	}

	@EventListener(ApplicationReadyEvent.class)
	void resumeUnfinished() {
		for (UUID id : this.jobs.unfinished()) {
			if (Files.exists(file(id)) && !this.queued.contains(id)) {
				log.info("Resuming import {}", id);
				queue(id);
			}
		}
	}

	private void queue(UUID id) {
		if (this.queued.add(id)) {
			this.worker.submit(() -> {
				try {
					run(id);
				}
				finally {
					this.queued.remove(id);
				}
			});
		}
	}

	@PreDestroy
	void stop() {
		this.worker.shutdownNow();
	}

	private void run(UUID id) {
		Job job = this.jobs.find(id).orElseThrow();
		long resumeAfter = job.linesRead();
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file(id)))) {
			BoundedLineReader reader = new BoundedLineReader(in, MAX_LINE);
			List<Line> batch = new ArrayList<>(BATCH);
			long lineNumber = 0;
			byte[] bytes;
			while ((bytes = reader.next()) != null) {
				lineNumber++;
				if (lineNumber <= resumeAfter) {
					continue;
				}
				batch.add(new Line(lineNumber, bytes));
				if (batch.size() == BATCH) {
					process(id, batch, lineNumber);
					batch.clear();
				}
				if (Thread.currentThread().isInterrupted()) {
					return;
				}
			}
			process(id, batch, lineNumber);
			this.jobs.status(id, "completed", this.clock.instant());
			Files.deleteIfExists(file(id));
			log.info("Import {} completed", id);
		}
		catch (IOException | RuntimeException ex) {
			if (Thread.currentThread().isInterrupted()) {
				return;
			}
			log.error("Import {} failed ({})", id, ex.getClass().getName());
			this.jobs.status(id, "failed", this.clock.instant());
		}
	}

	private void process(UUID id, List<Line> lines, long lastLine) {
		List<LineError> errors = new ArrayList<>();
		List<Parsed> parsed = new ArrayList<>(lines.size());
		for (Line line : lines) {
			parse(line, errors, parsed);
		}
		for (int attempt = 1;; attempt++) {
			try {
				this.transactions.executeWithoutResult((tx) -> {
					List<LineError> all = new ArrayList<>(errors);
					Outcome outcome = enrol(parsed, all);
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

	private Outcome enrol(List<Parsed> parsed, List<LineError> errors) {
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
					"import"));
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

	private void deleteQuietly(UUID id) {
		try {
			Files.deleteIfExists(file(id));
		}
		catch (IOException ex) {
			log.warn("Could not remove the spool file of import {}", id);
		}
	}

	private Path file(UUID id) {
		return this.spool.resolve(id + ".jsonl");
	}

	private static boolean isBlank(byte[] bytes) {
		for (byte b : bytes) {
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	private record Line(long number, byte[] bytes) {
	}

	private record Parsed(long line, EnrolmentRequest request, ResidentRecord record, byte[] matchKey) {
	}

	private record Outcome(long enrolled, long skipped) {
	}

}
