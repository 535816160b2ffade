package org.tsunagu.platform.internal;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/** A servlet input stream that fails with {@link PayloadTooLargeException} once more than a limit is read. */
final class LimitedInputStream extends ServletInputStream {

	private final ServletInputStream delegate;

	private final long limit;

	private long count;

	LimitedInputStream(ServletInputStream delegate, long limit) {
		this.delegate = delegate;
		this.limit = limit;
	}

	@Override
	public int read() throws IOException {
		int b = this.delegate.read();
		if (b >= 0) {
			counted(1);
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = this.delegate.read(buffer, offset, length);
		if (n > 0) {
			counted(n);
		}
		return n;
	}

	private void counted(int n) throws PayloadTooLargeException {
		this.count += n;
		if (this.count > this.limit) {
			throw new PayloadTooLargeException();
		}
	}

	@Override
	public boolean isFinished() {
		return this.delegate.isFinished();
	}

	@Override
	public boolean isReady() {
		return this.delegate.isReady();
	}

	@Override
	public void setReadListener(ReadListener listener) {
		this.delegate.setReadListener(listener);
	}

}
