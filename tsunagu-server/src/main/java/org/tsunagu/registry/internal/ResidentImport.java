package org.tsunagu.registry.internal;

import org.tsunagu.platform.BoundedLineReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.internal.JdbcImportJobs.Job;
import org.tsunagu.registry.internal.JdbcImportJobs.LineError;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

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

	private final ImportBatch batches;

	private final Clock clock;

	private final Path spool;

	private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("resident-import").factory());

	private final Set<UUID> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();

	ResidentImport(JdbcImportJobs jobs, ImportBatch batches, Clock clock, TsunaguProperties properties) {
		this.jobs = jobs;
		this.batches = batches;
		this.clock = clock;
		this.spool = properties.dataDir().resolve("imports");
	}

	/** Spools the upload and queues it; answers the job id at once. */
	public UUID submit(InputStream body, String operator) {
		UUID id = UUID.randomUUID();
		long size;
		try {
			Files.createDirectories(this.spool);
			// the upload is personal data: readable by the server's user only, from the first byte
			Files.createFile(file(id), ownerOnly());
			try (var out = Files.newOutputStream(file(id))) {
				size = body.transferTo(out);
			}
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
			List<ImportBatch.Line> batch = new ArrayList<>(BATCH);
			long lineNumber = 0;
			byte[] bytes;
			while ((bytes = reader.next()) != null) {
				lineNumber++;
				if (lineNumber <= resumeAfter) {
					continue;
				}
				batch.add(new ImportBatch.Line(lineNumber, bytes));
				if (batch.size() == BATCH) {
					this.batches.process(id, batch, lineNumber, job.submittedBy());
					batch.clear();
				}
				if (Thread.currentThread().isInterrupted()) {
					return;
				}
			}
			this.batches.process(id, batch, lineNumber, job.submittedBy());
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
			deleteQuietly(id);
		}
	}

	private void deleteQuietly(UUID id) {
		try {
			Files.deleteIfExists(file(id));
		}
		catch (IOException ex) {
			log.warn("Could not remove the spool file of import {}", id);
		}
	}

	private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly() {
		return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
				? new java.nio.file.attribute.FileAttribute<?>[] { java.nio.file.attribute.PosixFilePermissions
					.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")) }
				: new java.nio.file.attribute.FileAttribute<?>[0];
	}

	private Path file(UUID id) {
		return this.spool.resolve(id + ".jsonl");
	}

}
