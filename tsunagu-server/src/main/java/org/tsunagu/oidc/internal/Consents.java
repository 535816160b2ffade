package org.tsunagu.oidc.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.stereotype.Component;

/**
 * What each resident agreed to release to each service, in {@code oidc_consent}. Withdrawing keeps the record
 * (with the time) so that the resident's history stays whole; a later sign-in asks again.
 */
@Component
class Consents implements OAuth2AuthorizationConsentService {

	private final JdbcClient jdbc;

	private final Clock clock;

	Consents(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		if (acting()) {
			// a proxy's consent is for that sign-in only: never the represented person's own, nor kept as theirs
			return;
		}
		UUID resident = UUID.fromString(consent.getPrincipalName());
		String scopes = String.join(" ", new TreeSet<>(consent.getScopes()));
		Instant now = this.clock.instant();
		int updated = this.jdbc.sql("""
				UPDATE oidc_consent SET scopes = :scopes, granted_at = :now, withdrawn_at = NULL
				WHERE resident_id = :resident AND client_id = :client""")
			.param("scopes", scopes)
			.param("now", now.atOffset(ZoneOffset.UTC))
			.param("resident", resident)
			.param("client", consent.getRegisteredClientId())
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO oidc_consent (resident_id, client_id, scopes, granted_at)
					VALUES (:resident, :client, :scopes, :now)""")
				.param("resident", resident)
				.param("client", consent.getRegisteredClientId())
				.param("scopes", scopes)
				.param("now", now.atOffset(ZoneOffset.UTC))
				.update();
		}
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		withdraw(UUID.fromString(consent.getPrincipalName()), consent.getRegisteredClientId());
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		if (acting()) {
			// nothing the represented person consented to carries over to a proxy: the proxy is asked every time
			return null;
		}
		UUID resident;
		try {
			resident = UUID.fromString(principalName);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		return this.jdbc.sql("""
				SELECT scopes FROM oidc_consent WHERE resident_id = :resident AND client_id = :client
				AND withdrawn_at IS NULL""")
			.param("resident", resident)
			.param("client", registeredClientId)
			.query(String.class)
			.optional()
			.map((scopes) -> {
				OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId(registeredClientId,
						principalName);
				Arrays.stream(scopes.split(" ")).filter((s) -> !s.isEmpty()).forEach(builder::scope);
				return builder.build();
			})
			.orElse(null);
	}

	/** {@code true} when a live consent was withdrawn. */
	boolean withdraw(UUID resident, String clientId) {
		return this.jdbc.sql("""
				UPDATE oidc_consent SET withdrawn_at = :now
				WHERE resident_id = :resident AND client_id = :client AND withdrawn_at IS NULL""")
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.param("resident", resident)
			.param("client", clientId)
			.update() == 1;
	}

	/** A resident's consents, live and withdrawn, newest first. */
	List<Row> of(UUID resident) {
		return this.jdbc.sql("""
				SELECT c.client_id, r.name_en, r.name_ja, c.scopes, c.granted_at, c.withdrawn_at
				FROM oidc_consent c JOIN relying_party r ON r.client_id = c.client_id
				WHERE c.resident_id = :resident ORDER BY c.granted_at DESC""")
			.param("resident", resident)
			.query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
					new TreeSet<>(Arrays.asList(rs.getString(4).split(" "))), rs.getTimestamp(5).toInstant(),
					rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
			.list();
	}

	record Row(String clientId, String nameEn, String nameJa, Set<String> scopes, Instant grantedAt,
			Instant withdrawnAt) {
	}

	/** Whether the sign-in this request runs under acts for someone else. */
	private static boolean acting() {
		return org.springframework.security.core.context.SecurityContextHolder.getContext()
			.getAuthentication() instanceof ResidentAuthentication resident && resident.acting();
	}

}
