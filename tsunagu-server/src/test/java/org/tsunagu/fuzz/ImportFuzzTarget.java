package org.tsunagu.fuzz;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Fuzz target: the registry's bulk import of JSON Lines, as a municipality's system uploads its residents, with an
 * operator's credential. The job runs on its own worker; the target waits for its report.
 * <p>
 * Input: a selector byte — bit 0 the media type ({@code application/x-ndjson}, {@code application/jsonl}), bit 1
 * whether the body is sent chunked — then the file, where {@code $ref} stands for an external reference new to this
 * input (so that a valid line enrols someone).
 * <p>
 * Its rule (besides {@link FuzzServer}'s): the upload is accepted (202; 400 when empty, as problem+json, with nothing
 * written but the operator's logged attempt), and its job completes — never {@code failed} — with every line accounted for: read, and each one that
 * is not blank enrolled, skipped as enrolled already, or refused with a reason in the report.
 */
public final class ImportFuzzTarget {

	/** The longest line the import reads (a longer one is refused as too long). */
	static final int MAX_LINE = 64 * 1024;

	static final long WAIT_MILLIS = 5_000;

	/** An operator's upload is logged, a refused one too: the log's entry is all a refusal may write. */
	static final Set<String> OPERATOR_LOG = Set.of("log_entry");

	private ImportFuzzTarget() {
	}

	public static void fuzzerInitialize() {
		FuzzActors.api();
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		FuzzServer server = FuzzServer.get();
		String token = FuzzActors.api().operatorToken();
		int selector = data[0] & 0xff;
		byte[] file = FuzzJws.fill(Arrays.copyOfRange(data, 1, data.length),
				Map.of("ref", "fz-" + Long.toString(System.nanoTime(), 36)));
		HttpRequest.Builder request = server.request("/api/v1/residents/import")
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", (selector & 1) == 0 ? "application/x-ndjson" : "application/jsonl")
			.POST((selector & 2) == 0 ? HttpRequest.BodyPublishers.ofByteArray(file)
					: HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(file)));
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(request, OPERATOR_LOG);
			if (file.length == 0) {
				FuzzActors.problem(answer, 400);
				return;
			}
			FuzzActors.requireStatus(answer, 202);
			String job = "/api/v1/imports/" + FuzzActors.json(answer).get("id").asString();
			JsonNode report = finished(server, job, token);
			accounted(file, report, errorLines(server, job, token));
		});
	}

	/** The job's report once it has finished, waiting at most {@link #WAIT_MILLIS}. */
	private static JsonNode finished(FuzzServer server, String job, String token) throws Exception {
		long deadline = System.currentTimeMillis() + WAIT_MILLIS;
		while (true) {
			JsonNode report = FuzzActors.json(server.send(server.request(job + "?limit=1")
				.header("Authorization", "Bearer " + token)
				.GET(), Set.of()));
			String status = report.path("job").path("status").asString();
			if ("failed".equals(status)) {
				throw new FuzzBounds.FuzzFinding("the import job failed: " + report);
			}
			if ("completed".equals(status)) {
				return report.get("job");
			}
			if (System.currentTimeMillis() > deadline) {
				throw new FuzzBounds.FuzzFinding("the import job did not finish in 5 s: " + report);
			}
			Thread.sleep(2);
		}
	}

	/** The numbers of the lines the report refuses, page by page. */
	private static Set<Long> errorLines(FuzzServer server, String job, String token) throws Exception {
		Set<Long> lines = new HashSet<>();
		long after = 0;
		while (true) {
			JsonNode page = FuzzActors.json(server.send(server.request(job + "?limit=10000&afterLine=" + after)
				.header("Authorization", "Bearer " + token)
				.GET(), Set.of()));
			for (JsonNode error : page.path("errors")) {
				if (error.path("detail").asString("").isBlank()) {
					throw new FuzzBounds.FuzzFinding("a line refused without a reason: " + error);
				}
				lines.add(error.get("line").asLong());
			}
			if (!page.has("nextAfterLine")) {
				return lines;
			}
			after = page.get("nextAfterLine").asLong();
		}
	}

	/** Every line read, and each that is not blank enrolled, skipped, or refused with a reason. */
	private static void accounted(byte[] file, JsonNode job, Set<Long> refused) {
		long lines = 0;
		long notBlank = 0;
		int start = 0;
		while (start < file.length) {
			int end = start;
			while (end < file.length && file[end] != '\n') {
				end++;
			}
			lines++;
			if (!blank(file, start, end)) {
				notBlank++;
			}
			start = end + 1;
		}
		long enrolled = job.get("enrolled").asLong();
		long skipped = job.get("skipped").asLong();
		if (job.get("linesRead").asLong() != lines || enrolled + skipped + refused.size() != notBlank) {
			throw new FuzzBounds.FuzzFinding("lines not accounted for: " + lines + " read (" + notBlank
					+ " not blank), the job says " + job + " and refuses " + refused.size());
		}
	}

	private static boolean blank(byte[] file, int start, int end) {
		if (end - start > MAX_LINE) {
			return false;
		}
		for (int i = start; i < end; i++) {
			if (file[i] != ' ' && file[i] != '\t' && file[i] != '\r') {
				return false;
			}
		}
		return true;
	}

}
