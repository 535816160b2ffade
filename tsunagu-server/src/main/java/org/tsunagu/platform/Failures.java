package org.tsunagu.platform;

/**
 * Failures as the logs may show them: each exception's class and its first frames, never its message, which can
 * carry what a request sent (a number, a name) or what a database said about a row.
 */
public final class Failures {

	private Failures() {
	}

	public static String describe(Throwable ex) {
		StringBuilder out = new StringBuilder();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			out.append(t.getClass().getName());
			StackTraceElement[] frames = t.getStackTrace();
			for (int i = 0; i < Math.min(5, frames.length); i++) {
				out.append("\n\tat ").append(frames[i]);
			}
			if (t.getCause() != null) {
				out.append("\ncaused by ");
			}
		}
		return out.toString();
	}

}
