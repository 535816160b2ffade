package org.tsunagu.oidc.internal;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The provider's token-signing keys (ES256, P-256) in {@code oidc_signing_key}. One key signs at a time; rotating
 * introduces a new one and keeps the old published until every token it signed has expired
 * ({@link #PUBLISHED_AFTER_RETIREMENT}). Every node reads the table: a node sees a rotation within {@link #REFRESH}.
 */
@Component
class SigningKeys implements JWKSource<SecurityContext> {

	/** Longer than any token this provider signs lives (access and ID tokens: 10 minutes). */
	static final Duration PUBLISHED_AFTER_RETIREMENT = Duration.ofHours(1);

	static final Duration REFRESH = Duration.ofSeconds(30);

	private final JdbcClient jdbc;

	private final ProviderKeys keys;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private volatile Loaded loaded;

	SigningKeys(JdbcClient jdbc, ProviderKeys keys, Clock clock, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.clock = clock;
		this.transactions = transactions;
	}

	/** The key that signs now, with its private part. */
	ECKey active() {
		return current().active();
	}

	/** Every published key, public parts only. */
	JWKSet published() {
		return new JWKSet(current().published().stream().map(JWK::toPublicJWK).toList());
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(new JWKSet(new ArrayList<>(current().published())));
	}

	/** Introduces a new signing key; the one it replaces stays published until its tokens have expired. */
	List<KeyView> rotate() {
		this.transactions.executeWithoutResult((tx) -> {
			Instant now = this.clock.instant();
			this.jdbc.sql("""
					UPDATE oidc_signing_key SET retired_at = :now, published_until = :until WHERE retired_at IS NULL""")
				.param("now", now.atOffset(ZoneOffset.UTC))
				.param("until", now.plus(PUBLISHED_AFTER_RETIREMENT).atOffset(ZoneOffset.UTC))
				.update();
			insert(now);
		});
		this.loaded = null;
		return list();
	}

	List<KeyView> list() {
		return this.jdbc.sql("SELECT kid, algorithm, created_at, retired_at, published_until FROM oidc_signing_key ORDER BY created_at DESC")
			.query((rs, n) -> new KeyView(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
					rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
			.list();
	}

	private Loaded current() {
		Loaded current = this.loaded;
		Instant now = this.clock.instant();
		if (current == null || now.isAfter(current.at().plus(REFRESH)) || now.isBefore(current.at())) {
			current = load(now);
			this.loaded = current;
		}
		return current;
	}

	private synchronized Loaded load(Instant now) {
		List<ECKey> published = read(now);
		if (published.stream().noneMatch(ECKey::isPrivate)) {
			this.transactions.executeWithoutResult((tx) -> {
				Integer live = this.jdbc.sql("SELECT COUNT(*) FROM oidc_signing_key WHERE retired_at IS NULL")
					.query(Integer.class)
					.single();
				if (live == 0) {
					insert(now);
				}
			});
			published = read(now);
		}
		ECKey active = published.stream().filter(ECKey::isPrivate).findFirst().orElseThrow();
		return new Loaded(active, published, now);
	}

	/** Published keys, newest first; only the live one keeps its private part in memory. */
	private List<ECKey> read(Instant now) {
		return this.jdbc.sql("""
				SELECT kid, public_jwk, sealed_private, retired_at FROM oidc_signing_key
				WHERE retired_at IS NULL OR published_until > :now ORDER BY created_at DESC""")
			.param("now", now.atOffset(ZoneOffset.UTC))
			.query((rs, n) -> {
				ECKey key = parse(rs.getString(2));
				if (rs.getTimestamp(4) != null) {
					return key;
				}
				return withPrivate(key, this.keys.open(rs.getBytes(3), "oidc signing key " + rs.getString(1)));
			})
			.list();
	}

	private void insert(Instant now) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			byte[] id = new byte[12];
			new java.security.SecureRandom().nextBytes(id);
			String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
			ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
				.keyID(kid)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.build();
			this.jdbc.sql("""
					INSERT INTO oidc_signing_key (kid, algorithm, public_jwk, sealed_private, created_at)
					VALUES (:kid, 'ES256', :jwk, :sealed, :now)""")
				.param("kid", kid)
				.param("jwk", jwk.toJSONString())
				.param("sealed", this.keys.seal(pair.getPrivate().getEncoded(), "oidc signing key " + kid))
				.param("now", now.atOffset(ZoneOffset.UTC))
				.update();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate a P-256 key", ex);
		}
	}

	private static ECKey parse(String json) {
		try {
			return ECKey.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored signing key is damaged", ex);
		}
	}

	private static ECKey withPrivate(ECKey key, byte[] pkcs8) {
		try {
			ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
			return new ECKey.Builder(key).privateKey(privateKey).build();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("A stored signing key is damaged", ex);
		}
	}

	private record Loaded(ECKey active, List<ECKey> published, Instant at) {
	}

	/** A signing key as operators see it: never its private part. */
	record KeyView(String kid, String algorithm, Instant createdAt, Instant retiredAt, Instant publishedUntil) {
	}

}
