package org.tsunagu.oidc.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * The claims a resident's scopes release, read from the registry at the moment they are asked for:
 * <ul>
 * <li>{@code profile}: the name in the person's own script ({@code name}, {@code family_name}, {@code given_name}),
 * the kana reading ({@code #ja-Kana-JP}) and the Latin form ({@code name#ja-Latn-JP}), whichever the record has;</li>
 * <li>{@code birthdate}; {@code address} (OIDC Core 5.1.1); {@code age_over_18}, worked out on the day in Japan;</li>
 * <li>{@code core_identity}: the name and birth date in a JWT the provider signs (a "core identity" in the GOV.UK
 * One Login sense), which a service can keep as evidence and check later against the published keys.</li>
 * </ul>
 * Nothing outside the consented scopes is released.
 */
@Component
class ResidentClaims {

	static final Map<String, java.util.List<String>> CLAIMS_BY_SCOPE = Map.of("profile",
			java.util.List.of("name", "family_name", "given_name", "name#ja-Kana-JP", "name#ja-Latn-JP"), "birthdate",
			java.util.List.of("birthdate"), "address", java.util.List.of("address"), "age_over_18",
			java.util.List.of("age_over_18"), "core_identity", java.util.List.of("core_identity"), "me:read",
			java.util.List.of());

	private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

	private final Residents residents;

	private final JwtEncoder encoder;

	private final Clock clock;

	private final org.tsunagu.oidc.ProxyDelegations delegations;

	ResidentClaims(Residents residents, JwtEncoder encoder, Clock clock, org.tsunagu.oidc.ProxyDelegations delegations) {
		this.delegations = delegations;
		this.residents = residents;
		this.encoder = encoder;
		this.clock = clock;
	}

	/**
	 * The claims for a proxy acting for the person: as for the person, but never the address of someone a
	 * protection order protects (nor anything that would tell the proxy of the order).
	 */
	Map<String, Object> claims(ResidentAuthentication resident, String subject, Set<String> scopes, String issuer,
			String clientId, String acr) {
		Set<String> released = scopes;
		if (resident.acting() && this.delegations.addressHidden(resident.residentId())) {
			released = new java.util.HashSet<>(scopes);
			released.remove("address");
		}
		return claims(resident.residentId(), subject, released, issuer, clientId, acr);
	}

	Map<String, Object> claims(UUID residentId, String subject, Set<String> scopes, String issuer, String clientId,
			String acr) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", subject);
		ResidentFacts facts = this.residents.find(residentId).orElse(null);
		if (facts == null) {
			return claims;
		}
		if (scopes.contains("profile")) {
			claims.put("name", facts.fullName());
			claims.put("family_name", facts.familyName());
			if (facts.givenName() != null) {
				claims.put("given_name", facts.givenName());
			}
			if (facts.familyReading() != null) {
				claims.put("family_name#ja-Kana-JP", facts.familyReading());
				if (facts.givenReading() != null) {
					claims.put("given_name#ja-Kana-JP", facts.givenReading());
				}
				claims.put("name#ja-Kana-JP", facts.givenReading() == null ? facts.familyReading()
						: facts.familyReading() + " " + facts.givenReading());
			}
			if (facts.latinName() != null) {
				claims.put("name#ja-Latn-JP", facts.latinName());
			}
		}
		if (scopes.contains("birthdate") && facts.birthDate() != null) {
			claims.put("birthdate", facts.birthDate().toString());
		}
		if (scopes.contains("address")) {
			Map<String, Object> address = new LinkedHashMap<>();
			address.put("formatted", facts.address());
			ResidentFacts.PostalAddress postal = facts.postal();
			if (postal != null) {
				putIfPresent(address, "street_address", postal.streetAddress());
				putIfPresent(address, "locality", postal.locality());
				putIfPresent(address, "region", postal.region());
				putIfPresent(address, "postal_code", postal.postalCode());
				putIfPresent(address, "country", postal.country());
			}
			claims.put("address", address);
		}
		if (scopes.contains("age_over_18") && facts.birthDate() != null) {
			claims.put("age_over_18", !facts.birthDate().plusYears(18).isAfter(LocalDate.now(this.clock.withZone(JAPAN))));
		}
		if (scopes.contains("core_identity")) {
			claims.put("core_identity", coreIdentity(facts, subject, issuer, clientId, acr));
		}
		return claims;
	}

	private String coreIdentity(ResidentFacts facts, String subject, String issuer, String clientId, String acr) {
		Instant now = this.clock.instant();
		Map<String, Object> name = new LinkedHashMap<>();
		name.put("family_name", facts.familyName());
		putIfPresent(name, "given_name", facts.givenName());
		putIfPresent(name, "family_name#ja-Kana-JP", facts.familyReading());
		putIfPresent(name, "given_name#ja-Kana-JP", facts.givenReading());
		putIfPresent(name, "name#ja-Latn-JP", facts.latinName());
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject(subject)
			.audience(java.util.List.of(clientId))
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(Duration.ofMinutes(10)))
			.claim("acr", acr)
			.claim("identity_assurance", facts.assurance().eidas())
			.claim("name", name);
		if (facts.birthDate() != null) {
			claims.claim("birthdate", facts.birthDate().toString());
		}
		return this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).type("core-identity+jwt").build(), claims.build()))
			.getTokenValue();
	}

	private static void putIfPresent(Map<String, Object> map, String key, Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
