package org.tsunagu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of processes on this machine as Linux counts it ({@code /proc/<pid>/stat}: user and system time, in
 * clock ticks of 10 ms), so that a benchmark charges an operation with what the server and the database spent on
 * it, whatever the load tool takes of the same cores.
 */
final class ProcessCpu {

	/** Linux's USER_HZ on every architecture it runs on here. */
	static final long NANOS_PER_TICK = 10_000_000L;

	private ProcessCpu() {
	}

	/** The process's user and system CPU so far, in nanoseconds; 0 once it is gone. */
	static long of(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// the command name is in parentheses and may hold spaces: the fields are counted after it
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * The CPU so far of the JVM's just-in-time compiler threads (C1 and C2), in nanoseconds: the part of a window's
	 * server CPU that is warm-up rather than the operations. A compiler thread that has exited takes its time with it,
	 * so this is a lower bound.
	 */
	static long compiler(long pid) {
		try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
			return tasks.filter((t) -> comm(t).matches("C[12] CompilerThre.*"))
				.mapToLong((t) -> {
					try {
						String stat = Files.readString(t.resolve("stat"));
						String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
						return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
					}
					catch (IOException | RuntimeException ex) {
						return 0;
					}
				})
				.sum();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** Every PostgreSQL process's CPU so far (the postmaster, its backends and background workers), in nanoseconds. */
	static long postgres() {
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			return processes.filter((p) -> p.getFileName().toString().chars().allMatch(Character::isDigit))
				.filter((p) -> "postgres".equals(comm(p)))
				.mapToLong((p) -> of(Long.parseLong(p.getFileName().toString())))
				.sum();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** The process's resident memory in MiB, from {@code /proc/<pid>/status}. */
	static long rssMib(long pid) {
		try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
			return lines.filter((l) -> l.startsWith("VmRSS:"))
				.mapToLong((l) -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
				.findFirst()
				.orElse(0);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/** The JVM under a launcher script: the process itself when it is Java, else its first Java descendant. */
	static long java(long pid) {
		if ("java".equals(comm(Path.of("/proc/" + pid)))) {
			return pid;
		}
		return ProcessHandle.of(pid)
			.stream()
			.flatMap(ProcessHandle::descendants)
			.filter((p) -> "java".equals(comm(Path.of("/proc/" + p.pid()))))
			.mapToLong(ProcessHandle::pid)
			.findFirst()
			.orElse(pid);
	}

	private static String comm(Path process) {
		try {
			return Files.readString(process.resolve("comm")).strip();
		}
		catch (IOException ex) {
			return "";
		}
	}

}
