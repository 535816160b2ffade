package org.tsunagu.operator.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.operator.OperatorCredentials.IssuedToken;
import org.tsunagu.operator.OperatorRole;
import org.tsunagu.platform.SecretFiles;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On first start, creates the bootstrap operator credential (every role) and writes its token, once, to
 * {@code <data dir>/operator-token} readable by its owner only. The database keeps only the token's hash.
 */
@Component
final class BootstrapOperator {

	static final String NAME = "bootstrap";

	private static final Logger log = LoggerFactory.getLogger(BootstrapOperator.class);

	private final JdbcOperatorCredentials credentials;

	private final Path tokenFile;

	BootstrapOperator(JdbcOperatorCredentials credentials, TsunaguProperties properties) {
		this.credentials = credentials;
		this.tokenFile = properties.dataDir().resolve("operator-token");
	}

	@EventListener(ApplicationReadyEvent.class)
	void createOnFirstStart() {
		if (this.credentials.exists(NAME)) {
			// roles added by a later version of the platform reach the bootstrap credential too
			this.credentials.grant(NAME, EnumSet.allOf(OperatorRole.class));
			log.info("Operator credential: the bootstrap token was written on first start to {}",
					this.tokenFile.toAbsolutePath().normalize());
			return;
		}
		IssuedToken issued = this.credentials.issue(NAME, EnumSet.allOf(OperatorRole.class));
		write(issued.token());
		log.info("Operator credential: a bootstrap token holding every operator role was written to {}",
				this.tokenFile.toAbsolutePath().normalize());
	}

	private void write(String token) {
		SecretFiles.write(this.tokenFile, (token + "\n").getBytes(StandardCharsets.US_ASCII));
	}

}
