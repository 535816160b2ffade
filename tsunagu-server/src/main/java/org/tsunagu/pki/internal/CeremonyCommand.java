package org.tsunagu.pki.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** {@code java -jar tsunagu-server.jar ceremony}: runs the key ceremony once, as a logged command, and exits. */
@Component
@ConditionalOnProperty(name = "tsunagu.command", havingValue = "ceremony")
final class CeremonyCommand implements CommandLineRunner, ExitCodeGenerator {

	private static final Logger log = LoggerFactory.getLogger("org.tsunagu.pki.ceremony");

	private final CaCeremony ceremony;

	private int exitCode;

	CeremonyCommand(CaCeremony ceremony) {
		this.ceremony = ceremony;
	}

	@Override
	public void run(String... args) {
		if (this.ceremony.done()) {
			log.warn("The CA hierarchy exists already; the ceremony does not run twice");
			this.exitCode = 1;
			return;
		}
		this.ceremony.run();
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
