package org.tsunagu.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP as bytes on a socket, for requests an HTTP client would refuse to send or would tidy up: conflicting
 * lengths, odd transfer codings, bare line ends, chunk extensions, HTTP/0.9 and HTTP/2 prefaces.
 */
public final class RawHttp {

	private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})");

	private RawHttp() {
	}

	/** What came back on the connection: everything read, and whether the server closed it. */
	public record Exchange(String text, boolean closed) {

		/** The status of each response in the bytes read, in order: every line that is a status line. */
		public java.util.List<Integer> statuses() {
			java.util.List<Integer> statuses = new java.util.ArrayList<>();
			for (String line : this.text.split("\r?\n")) {
				Matcher m = STATUS_LINE.matcher(line);
				if (m.lookingAt()) {
					statuses.add(Integer.parseInt(m.group(1)));
				}
			}
			return statuses;
		}

	}

	/** Sends {@code request} as ISO-8859-1 bytes to the port and reads until the server closes or falls silent. */
	public static Exchange send(int port, String request) {
		return send(port, request.getBytes(StandardCharsets.ISO_8859_1), false);
	}

	/**
	 * Sends the bytes and reads what comes back for up to three seconds of silence; with {@code halfClose}, the
	 * client's side is shut after the bytes, as a client that sent less than it announced would.
	 */
	public static Exchange send(int port, byte[] request, boolean halfClose) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(3_000);
			socket.getOutputStream().write(request);
			socket.getOutputStream().flush();
			if (halfClose) {
				socket.shutdownOutput();
			}
			ByteArrayOutputStream read = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			boolean closed = false;
			try {
				for (int n; (n = in.read(buffer)) != -1;) {
					read.write(buffer, 0, n);
				}
				closed = true;
			}
			catch (SocketTimeoutException ex) {
				// the server kept the connection open and said nothing more
			}
			catch (IOException ex) {
				closed = true;
			}
			return new Exchange(read.toString(StandardCharsets.ISO_8859_1), closed);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
