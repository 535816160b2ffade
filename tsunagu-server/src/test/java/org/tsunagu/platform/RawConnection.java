package org.tsunagu.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One TCP connection to the server, written byte by byte as a slow or malicious client would, without an HTTP
 * client in between to tidy it.
 */
final class RawConnection implements AutoCloseable {

	private final Socket socket = new Socket();

	private final OutputStream out;

	private final InputStream in;

	private long closedAt;

	RawConnection(int port) throws IOException {
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		this.socket.setTcpNoDelay(true);
		this.out = this.socket.getOutputStream();
		this.in = this.socket.getInputStream();
	}

	/** Writes, and notes the time if the server has closed the connection. */
	void write(String text) {
		if (this.closedAt != 0) {
			return;
		}
		try {
			this.out.write(text.getBytes(StandardCharsets.ISO_8859_1));
			this.out.flush();
		}
		catch (IOException ex) {
			this.closedAt = System.nanoTime();
		}
	}

	/** Whether the server has closed the connection: end of stream or a reset, looked for without waiting. */
	boolean closedByServer() {
		if (this.closedAt != 0) {
			return true;
		}
		try {
			this.socket.setSoTimeout(1);
			if (this.in.read() == -1) {
				this.closedAt = System.nanoTime();
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			this.closedAt = System.nanoTime();
		}
		return this.closedAt != 0;
	}

	/** When the server closed the connection ({@link System#nanoTime()}), or 0 while it is open. */
	long closedAt() {
		return this.closedAt;
	}

	/** The status line of the answer, read within {@code millis}. */
	String statusLine(int millis) throws IOException {
		this.socket.setSoTimeout(millis);
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = this.in.read(); b != -1 && b != '\n'; b = this.in.read()) {
			line.write(b);
		}
		return line.toString(StandardCharsets.ISO_8859_1).strip();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing a connection the server may have reset already
		}
	}

}
