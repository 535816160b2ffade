package org.tsunagu.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk} as the load tool: native code, two threads, connections kept alive. Requests that must be
 * signed are made before the timed window and only sent in it: each thread reads its share of a file of
 * {@code header TAB body} lines and sends each line once, then stops. Non-2xx answers are counted, never hidden.
 */
final class Wrk {

	/** What one run measured, and the CPU the load tool itself took. */
	record Result(long requests, long errors, double seconds, long p50Micros, long p99Micros, long wrkCpuNanos) {

		double perSecond() {
			return this.requests / this.seconds;
		}

	}

	static final int THREADS = 2;

	private static final String SCRIPT = """
			local threads = {}
			local counter = 0
			function setup(thread)
			  thread:set("id", counter)
			  table.insert(threads, thread)
			  counter = counter + 1
			end
			local lines = {}
			local next_line = 1
			errors = 0
			sent = 0
			local saved = nil
			function init(args)
			  if args[1] == nil then return end
			  for line in io.lines(args[1] .. "." .. id) do table.insert(lines, line) end
			  if args[2] ~= nil then saved = io.open(args[2] .. "." .. id, "w") end
			end
			function request()
			  if #lines == 0 then return wrk.request() end
			  local line = lines[next_line]
			  if line == nil then line = lines[#lines] end
			  next_line = next_line + 1
			  -- METHOD TAB (Name: value TAB)* body
			  local fields = {}
			  for field in string.gmatch(line .. "\\t", "([^\\t]*)\\t") do table.insert(fields, field) end
			  local headers = {}
			  for i = 2, #fields - 1 do
			    local colon = string.find(fields[i], ": ", 1, true)
			    headers[string.sub(fields[i], 1, colon - 1)] = string.sub(fields[i], colon + 2)
			  end
			  local body = fields[#fields]
			  if body == "" then body = nil
			  elseif string.sub(body, 1, 4) == "hex:" then
			    body = (string.sub(body, 5):gsub("..", function(h) return string.char(tonumber(h, 16)) end))
			  end
			  return wrk.format(fields[1], nil, headers, body)
			end
			function response(status, headers, body)
			  sent = sent + 1
			  if saved ~= nil and status == EXPECTED then saved:write(body, "\\n"); saved:flush() end
			  if status >= 300 and status ~= EXPECTED then
			    errors = errors + 1
			    if errors <= 3 then io.stderr:write("answer " .. status .. ": " .. string.sub(body, 1, 300) .. "\\n") end
			  end
			  if #lines > 0 and next_line > #lines then wrk.thread:stop() end
			end
			function done(summary, latency, requests)
			  local errs = 0
			  for _, t in ipairs(threads) do errs = errs + t:get("errors") end
			  io.write(string.format("WRK requests=%d errors=%d duration_us=%d p50_us=%d p99_us=%d\\n",
			    summary.requests, errs + summary.errors.connect + summary.errors.read
			      + summary.errors.write + summary.errors.timeout, summary.duration, latency:percentile(50),
			    latency:percentile(99)))
			end
			""";

	private static final Pattern RESULT = Pattern.compile(
			"WRK requests=(\\d+) errors=(\\d+) duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+)");

	private Wrk() {
	}

	/**
	 * Writes the requests, a line each, split across the threads' files: each request is its method, its headers
	 * ({@code Name: value}) and its body, the last (empty for none; {@code hex:} and hexadecimal for bytes).
	 */
	static Path requests(Path dir, String name, List<String[]> requests) throws Exception {
		Path file = dir.resolve(name);
		List<BufferedWriter> out = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			out.add(Files.newBufferedWriter(Path.of(file + "." + t), StandardCharsets.UTF_8));
		}
		for (int i = 0; i < requests.size(); i++) {
			BufferedWriter w = out.get(i % THREADS);
			w.write(String.join("\t", requests.get(i)));
			w.write('\n');
		}
		for (BufferedWriter w : out) {
			w.close();
		}
		return file;
	}

	/**
	 * Runs wrk against the URL for the given seconds with 16 connections: a plain {@code GET} when {@code requests}
	 * is null, else each pre-made request once; an answer of 300 or more other than {@code expected} is an error.
	 */
	static Result run(String url, int seconds, int connections, Path requests, int expected, Path dir) throws Exception {
		return run(url, seconds, connections, requests, expected, dir, null);
	}

	/**
	 * As {@link #run(String, int, int, Path, int, Path)}, writing each answer's body that has the expected status to
	 * {@code saveTo.0}, {@code saveTo.1} (one per thread), a line each.
	 */
	static Result run(String url, int seconds, int connections, Path requests, int expected, Path dir, Path saveTo)
			throws Exception {
		Path script = dir.resolve("requests.lua");
		Files.writeString(script, SCRIPT.replace("EXPECTED", Integer.toString(expected)));
		List<String> command = new ArrayList<>(List.of("sh", "-c",
				"wrk \"$@\"; s=$?; echo WRKCPU $(cut -d' ' -f16,17 /proc/$$/stat); exit $s", "sh", "-t" + THREADS,
				"-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "-s", script.toString(), url));
		if (requests != null) {
			command.add("--");
			command.add(requests.toString());
			if (saveTo != null) {
				command.add(saveTo.toString());
			}
		}
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(seconds + 60L, TimeUnit.SECONDS);
		Matcher m = RESULT.matcher(output);
		Matcher cpu = Pattern.compile("WRKCPU (\\d+) (\\d+)").matcher(output);
		if (!m.find() || !cpu.find()) {
			throw new IllegalStateException("wrk said: " + output);
		}
		return new Result(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)) / 1e6,
				Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
				(Long.parseLong(cpu.group(1)) + Long.parseLong(cpu.group(2))) * ProcessCpu.NANOS_PER_TICK);
	}

}
