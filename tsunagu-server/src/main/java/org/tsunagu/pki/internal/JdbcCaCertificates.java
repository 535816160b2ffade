package org.tsunagu.pki.internal;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The CA hierarchy's certificates in {@code ca_certificate}. */
@Component
final class JdbcCaCertificates {

	private final JdbcClient jdbc;

	JdbcCaCertificates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void save(String name, String role, String keyAlias, String keystore, X509Certificate certificate, Instant at) {
		try {
			this.jdbc.sql("""
					INSERT INTO ca_certificate (name, role, key_alias, keystore, der, created_at)
					VALUES (:name, :role, :alias, :keystore, :der, :at)""")
				.param("name", name)
				.param("role", role)
				.param("alias", keyAlias)
				.param("keystore", keystore)
				.param("der", certificate.getEncoded())
				.param("at", at.atOffset(ZoneOffset.UTC))
				.update();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Optional<X509Certificate> find(String name) {
		return this.jdbc.sql("SELECT der FROM ca_certificate WHERE name = :name")
			.param("name", name)
			.query(byte[].class)
			.optional()
			.map(JdbcCaCertificates::parse);
	}

	boolean exists() {
		return this.jdbc.sql("SELECT COUNT(*) FROM ca_certificate").query(Long.class).single() > 0;
	}

	static X509Certificate parse(byte[] der) {
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(der));
		}
		catch (CertificateException ex) {
			throw new IllegalStateException("A stored certificate does not parse", ex);
		}
	}

}
