package org.tsunagu.oidc.internal;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pairwise subject identifiers (OIDC Core section 8.1): a resident's {@code sub} differs per sector identifier,
 * so two services cannot join their records by it, and it reveals neither the individual number nor the
 * registry's id. The subject is an HMAC under the provider's key; it is recorded once so that this platform's own
 * APIs can find the resident behind a token.
 */
@Component
class PairwiseSubjects {

	private final JdbcClient jdbc;

	private final ProviderKeys keys;

	private final Set<String> recorded = ConcurrentHashMap.newKeySet();

	PairwiseSubjects(JdbcClient jdbc, ProviderKeys keys) {
		this.jdbc = jdbc;
		this.keys = keys;
	}

	String subject(String sectorIdentifier, UUID residentId) {
		String subject = this.keys.pairwiseSubject(sectorIdentifier, residentId);
		if (this.recorded.add(sectorIdentifier + " " + subject)) {
			try {
				boolean known = this.jdbc.sql("""
						SELECT COUNT(*) FROM oidc_pairwise_subject WHERE sector_identifier = :sector AND subject = :subject""")
					.param("sector", sectorIdentifier)
					.param("subject", subject)
					.query(Integer.class)
					.single() > 0;
				if (!known) {
					this.jdbc.sql("""
							INSERT INTO oidc_pairwise_subject (sector_identifier, subject, resident_id)
							VALUES (:sector, :subject, :resident)""")
						.param("sector", sectorIdentifier)
						.param("subject", subject)
						.param("resident", residentId)
						.update();
				}
			}
			catch (DuplicateKeyException ex) {
				// recorded by another request at the same moment
			}
			if (this.recorded.size() > 100_000) {
				this.recorded.clear();
			}
		}
		return subject;
	}

	Optional<UUID> resident(String sectorIdentifier, String subject) {
		return this.jdbc.sql("""
				SELECT resident_id FROM oidc_pairwise_subject WHERE sector_identifier = :sector AND subject = :subject""")
			.param("sector", sectorIdentifier)
			.param("subject", subject)
			.query((rs, n) -> rs.getObject(1, UUID.class))
			.optional();
	}

}
