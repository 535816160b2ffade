package org.tsunagu.platform.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's HTTP/1.1 connector with a deadline for the whole request head: a connection whose request line and
 * headers have not all arrived within {@link #getHeaderDeadline()} milliseconds of its first byte is closed. Tomcat's
 * own {@code connectionTimeout} is a pause between two reads, so a client sending one byte every few seconds
 * (slow-loris) would otherwise keep its connection, and its header buffer, for hours. Checked each second on
 * Tomcat's utility executor; a request whose head is complete is never touched here, nor an asynchronous one.
 */
public final class HeaderDeadlineProtocol extends Http11NioProtocol {

	private static final Logger log = LoggerFactory.getLogger(HeaderDeadlineProtocol.class);

	private volatile long headerDeadline = 10_000;

	private ScheduledFuture<?> checks;

	public HeaderDeadlineProtocol() {
		// a download by sendfile also parks its processor on the connection; nothing here needs sendfile
		setUseSendfile(false);
	}

	/** Milliseconds from a request's first byte to the end of its headers. */
	public long getHeaderDeadline() {
		return this.headerDeadline;
	}

	public void setHeaderDeadline(long millis) {
		if (millis < 1) {
			throw new IllegalArgumentException("The header deadline is at least a millisecond");
		}
		this.headerDeadline = millis;
	}

	@Override
	public void start() throws Exception {
		super.start();
		log.info("Request headers must arrive within {} ms of their first byte", this.headerDeadline);
		this.checks = getUtilityExecutor().scheduleWithFixedDelay(this::closeOverdue, 1, 1, TimeUnit.SECONDS);
	}

	@Override
	public void stop() throws Exception {
		if (this.checks != null) {
			this.checks.cancel(false);
		}
		super.stop();
	}

	/** Closes each connection still reading its request head past the deadline; answers how many. */
	int closeOverdue() {
		long now = System.nanoTime();
		long deadline = TimeUnit.MILLISECONDS.toNanos(this.headerDeadline);
		int closed = 0;
		for (SocketWrapperBase<?> connection : getEndpoint().getConnections()) {
			// a processor is parked on a connection only while its request's head is incomplete, or while the
			// request is asynchronous (sendfile, the other reason, is off)
			if (connection.getCurrentProcessor() instanceof AbstractProcessor processor && !processor.isAsync()) {
				long started = processor.getRequest().getStartTimeNanos();
				if (started != -1 && now - started > deadline) {
					connection.close();
					closed++;
				}
			}
		}
		if (closed > 0) {
			log.info("Closed {} connections whose request headers took longer than {} ms", closed, this.headerDeadline);
		}
		return closed;
	}

}
