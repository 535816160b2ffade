package org.tsunagu.eligibility.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.nayuki.qrcodegen.QrCode;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;
import org.tsunagu.platform.SecretFiles;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Eligibility documents, for a member without a card (Japan's 資格確認書): the coverage facts a clinic needs and the
 * member's name and birth date, in a JWT signed by the platform's eligibility key (ES256, typ
 * {@code eligibility-document+jwt}), and as a QR code to print. A clinic checks it offline against the key
 * published at {@code /api/v1/eligibility/keys}. It is issued by the member's insurer, and lives until the coverage
 * ends or a year, whichever is first.
 */
@Service
public class EligibilityDocuments {

	static final String TYPE = "eligibility-document+jwt";

	private final JdbcClient jdbc;

	private final Residents residents;

	private final PublicUrl publicUrl;

	private final Clock clock;

	private final ECKey key;

	private final java.time.ZoneId zone;

	EligibilityDocuments(JdbcClient jdbc, Residents residents, PublicUrl publicUrl, Clock clock, TsunaguProperties properties) {
		this.jdbc = jdbc;
		this.residents = residents;
		this.publicUrl = publicUrl;
		this.clock = clock;
		this.zone = properties.zone();
		this.key = org.tsunagu.platform.SigningKeyFiles.loadOrCreate(properties.dataDir().resolve("keys"), "eligibility-key");
	}

	/** The published key set (public only): clinics verify documents offline with it. */
	public Map<String, Object> keys() {
		return new JWKSet(this.key.toPublicJWK()).toJSONObject(true);
	}

	public Map<String, Object> issue(Organisation insurer, String memberKey) {
		record Row(java.util.UUID resident, String symbol, String number, String branch, LocalDate from, LocalDate to,
				java.math.BigDecimal copay, String limit) {
		}
		Row row = this.jdbc.sql("""
				SELECT resident_id, symbol, number, branch, valid_from, valid_to, copay_ratio, limit_category
				FROM coverage WHERE insurer_id = :insurer AND member_key = :key""")
			.param("insurer", insurer.id())
			.param("key", memberKey)
			.query((rs, n) -> new Row(rs.getObject(1, java.util.UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getDate(5).toLocalDate(), rs.getDate(6) == null ? null : rs.getDate(6).toLocalDate(), rs.getBigDecimal(7),
					rs.getString(8)))
			.optional()
			.orElseThrow(() -> ApiProblem.notFound("The member's coverage"));
		ResidentFacts person = this.residents.find(row.resident()).orElseThrow(() -> ApiProblem.notFound("The member"));
		Instant now = this.clock.instant();
		Instant expires = now.plusSeconds(365L * 24 * 3600);
		if (row.to() != null) {
			// coverage ends with its last day in the country's time zone, as checks count it
			Instant end = row.to().plusDays(1).atStartOfDay(this.zone).toInstant();
			if (!end.isAfter(now)) {
				throw ApiProblem.of(org.springframework.http.HttpStatus.CONFLICT, "coverage-ended", "Coverage ended",
						"This member's coverage has ended; there is nothing to certify.");
			}
			expires = end.isBefore(expires) ? end : expires;
		}
		Map<String, Object> name = new LinkedHashMap<>();
		name.put("family", person.familyName());
		name.put("given", person.givenName());
		name.put("familyReading", person.familyReading());
		name.put("givenReading", person.givenReading());
		Map<String, Object> member = new LinkedHashMap<>();
		member.put("symbol", row.symbol());
		member.put("number", row.number());
		member.put("branch", row.branch());
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.publicUrl.base())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(expires))
			.jwtID(java.util.UUID.randomUUID().toString())
			.claim("insurer", Map.of("number", insurer.identifier(), "name", Map.of("en", insurer.name().en(), "ja",
					insurer.name().ja())))
			.claim("member", member)
			.claim("copayRatio", row.copay().doubleValue())
			.claim("limitCategory", row.limit())
			.claim("validFrom", row.from().toString())
			.claim("validTo", row.to() == null ? null : row.to().toString())
			.claim("patient", Map.of("name", name, "birthDate", person.birthDate().toString()))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(TYPE))
			.keyID(this.key.getKeyID())
			.build(), claims);
		try {
			jwt.sign(new ECDSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("The eligibility key cannot sign", ex);
		}
		String document = jwt.serialize();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("document", document);
		answer.put("expiresAt", expires);
		answer.put("qrSvg", org.tsunagu.platform.QrSvg.of(document, QrCode.Ecc.LOW, "Eligibility document", 0));
		return answer;
	}

}
