package org.tsunagu.credentials.verifier;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.tsunagu.pki.SealCertificates;
import org.tsunagu.platform.StrictJson;
import org.tsunagu.platform.TsunaguProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The issuers whose credentials the verifier accepts: this platform's own issuer, whose {@code x5c} chain must lead
 * to the platform's root CA with the issuer's URL among the leaf's subject alternative names; and the issuers an
 * operator lists in {@code trusted-issuers.json} in the data directory ({@code {"issuers": [{"iss": URL, "jwks":
 * {"keys": [...]}}]}}), by their published keys. Anything else is outside the trust list.
 */
@Component
class TrustList {

	private static final JsonMapper JSON = StrictJson.mapper();

	private final SealCertificates certificates;

	private final Path file;

	private final org.tsunagu.platform.PublicUrl publicUrl;

	TrustList(SealCertificates certificates, TsunaguProperties properties, org.tsunagu.platform.PublicUrl publicUrl) {
		this.certificates = certificates;
		this.publicUrl = publicUrl;
		this.file = properties.dataDir().resolve("trusted-issuers.json");
	}

	/** The key that signed a JWT of {@code issuer} with this header, when the issuer is trusted. */
	Optional<PublicKey> key(String issuer, JWSHeader header, Date at) {
		if (issuer == null) {
			return Optional.empty();
		}
		if (header.getX509CertChain() != null && !header.getX509CertChain().isEmpty()) {
			return chained(issuer, header, at);
		}
		for (JWK jwk : listed(issuer)) {
			if (jwk instanceof ECKey ec && (header.getKeyID() == null || header.getKeyID().equals(jwk.getKeyID()))) {
				try {
					return Optional.of(ec.toECPublicKey());
				}
				catch (JOSEException ex) {
					return Optional.empty();
				}
			}
		}
		return Optional.empty();
	}

	private Optional<PublicKey> chained(String issuer, JWSHeader header, Date at) {
		try {
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			List<X509Certificate> chain = new ArrayList<>();
			for (com.nimbusds.jose.util.Base64 der : header.getX509CertChain()) {
				chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der.decode())));
			}
			X509Certificate root = this.certificates.root();
			List<X509Certificate> path = chain.stream().filter((c) -> !c.equals(root)).toList();
			PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
			// the issuer's seal certificate is not in the card CA's status database: its chain and dates are what count
			parameters.setRevocationEnabled(false);
			parameters.setDate(at);
			CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters);
			X509Certificate leaf = path.get(0);
			boolean named = leaf.getSubjectAlternativeNames() != null && leaf.getSubjectAlternativeNames()
				.stream()
				.anyMatch((name) -> Integer.valueOf(6).equals(name.get(0)) && issuer.equals(name.get(1)));
			return named ? Optional.of(leaf.getPublicKey()) : Optional.empty();
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether the issuer vouches for credentials of this type: the platform's own issuer for its own types; another
	 * issuer only for the types its entry lists in {@code vct_values}, so that a listed issuer cannot issue this
	 * platform's identity or age credentials unless an operator said it may.
	 */
	boolean mayIssue(String issuer, String vct) {
		if (issuer == null || vct == null) {
			return false;
		}
		if (issuer.equals(this.publicUrl.base())) {
			return vct.startsWith(this.publicUrl.base() + "/credentials/types/");
		}
		return entry(issuer).map((e) -> {
			for (JsonNode listed : e.path("vct_values")) {
				if (vct.equals(listed.asString(null))) {
					return true;
				}
			}
			return false;
		}).orElse(false);
	}

	private Optional<JsonNode> entry(String issuer) {
		if (!Files.exists(this.file)) {
			return Optional.empty();
		}
		try {
			for (JsonNode entry : JSON.readTree(Files.readString(this.file)).path("issuers")) {
				if (issuer.equals(entry.path("iss").asString(null))) {
					return Optional.of(entry);
				}
			}
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private List<JWK> listed(String issuer) {
		if (!Files.exists(this.file)) {
			return List.of();
		}
		try {
			JsonNode issuers = JSON.readTree(Files.readString(this.file)).path("issuers");
			for (JsonNode entry : issuers) {
				if (issuer.equals(entry.path("iss").asString(null))) {
					@SuppressWarnings("unchecked")
					Map<String, Object> jwks = JSON.convertValue(entry.path("jwks"), Map.class);
					return JWKSet.parse(jwks).getKeys();
				}
			}
			return List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.text.ParseException | RuntimeException ex) {
			return List.of();
		}
	}

}
