package org.tsunagu.operator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.tsunagu.operator.OperatorCredentials;
import org.tsunagu.operator.OperatorRole;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Operator credentials in the {@code operator_credential} table. Tokens carry 256 random bits, so an unsalted
 * SHA-256 is enough to make the stored hash useless to someone who reads the database.
 */
@Component
final class JdbcOperatorCredentials implements OperatorCredentials {

	private static final String PREFIX = "tsu_op_";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	JdbcOperatorCredentials(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public IssuedToken issue(String name, Set<OperatorRole> roles) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		this.jdbc.sql("""
				INSERT INTO operator_credential (id, name, token_hash, roles, created_at)
				VALUES (:id, :name, :hash, :roles, :now)""")
			.param("id", UUID.randomUUID())
			.param("name", name)
			.param("hash", hash(token))
			.param("roles", roles.stream().map(OperatorRole::authority).sorted().collect(Collectors.joining(" ")))
			.param("now", this.clock.instant().atOffset(java.time.ZoneOffset.UTC))
			.update();
		return new IssuedToken(name, token);
	}

	/** Sets the roles of the live credentials with this name. */
	void grant(String name, Set<OperatorRole> roles) {
		this.jdbc.sql("UPDATE operator_credential SET roles = :roles WHERE name = :name AND revoked_at IS NULL")
			.param("roles", roles.stream().map(OperatorRole::authority).sorted().collect(Collectors.joining(" ")))
			.param("name", name)
			.update();
	}

	boolean exists(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM operator_credential WHERE name = :name")
			.param("name", name)
			.query(Long.class)
			.single() > 0;
	}

	@Override
	public Optional<Holder> authenticate(String token) {
		if (!token.startsWith(PREFIX) || token.length() > 128) {
			return Optional.empty();
		}
		return this.jdbc.sql("SELECT name, roles FROM operator_credential WHERE token_hash = :hash AND revoked_at IS NULL")
			.param("hash", hash(token))
			.query((rs, n) -> new Holder(rs.getString("name"), roles(rs.getString("roles"))))
			.optional();
	}

	private static Set<OperatorRole> roles(String stored) {
		EnumSet<OperatorRole> roles = EnumSet.noneOf(OperatorRole.class);
		Arrays.stream(stored.split(" ")).map(OperatorRole::fromAuthority).flatMap(Optional::stream).forEach(roles::add);
		return roles;
	}

	static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

}
