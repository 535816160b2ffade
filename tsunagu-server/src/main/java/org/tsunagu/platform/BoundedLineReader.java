package org.tsunagu.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-terminated lines as bytes, holding at most {@code maxLine} bytes of one line in memory: a longer
 * line is skipped to its end and reported as too long, so that a hostile file cannot exhaust the heap. Used by the
 * streamed JSON Lines endpoints (the registry's bulk import, an insurer's monthly coverage load).
 */
public final class BoundedLineReader {

	/** Returned for a line over the limit. */
	public static final byte[] TOO_LONG = new byte[0];

	private final InputStream in;

	private final int maxLine;

	private final byte[] buffer = new byte[64 * 1024];

	private int position;

	private int limit;

	private byte[] line;

	public BoundedLineReader(InputStream in, int maxLine) {
		this.in = in;
		this.maxLine = maxLine;
		this.line = new byte[1024];
	}

	/** The next line without its line end, {@link #TOO_LONG}, or {@code null} at the end of input. */
	public byte[] next() throws IOException {
		int length = 0;
		boolean tooLong = false;
		boolean any = false;
		while (true) {
			if (this.position == this.limit) {
				this.limit = this.in.read(this.buffer, 0, this.buffer.length);
				this.position = 0;
				if (this.limit <= 0) {
					this.limit = 0;
					return any ? finish(length, tooLong) : null;
				}
			}
			any = true;
			byte b = this.buffer[this.position++];
			if (b == '\n') {
				return finish(length, tooLong);
			}
			if (tooLong) {
				continue;
			}
			if (length == this.maxLine) {
				tooLong = true;
				continue;
			}
			if (length == this.line.length) {
				this.line = Arrays.copyOf(this.line, Math.min(this.maxLine, this.line.length * 2));
			}
			this.line[length++] = b;
		}
	}

	private byte[] finish(int length, boolean tooLong) {
		if (tooLong) {
			return TOO_LONG;
		}
		int end = length > 0 && this.line[length - 1] == '\r' ? length - 1 : length;
		return Arrays.copyOf(this.line, end);
	}

}
