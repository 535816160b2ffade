package org.tsunagu.wallet.credentials;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.util.Base64;
import org.tsunagu.wallet.WalletException;

/**
 * The certificates of a JWS {@code x5c} header (RFC 7515 section 4.1.6): the signer's first, each valid now and
 * signed by the next one; and, where the wallet has trust anchors of its own, a PKIX path from the signer to one of
 * them.
 */
final class X509Chains {

	private X509Chains() {
	}

	/** The chain in an {@code x5c} header, each certificate valid at {@code now} and signed by the next one. */
	static List<X509Certificate> ordered(List<Base64> x5c, Instant now, String what) {
		if (x5c == null || x5c.isEmpty() || x5c.size() > 5) {
			throw new WalletException(what + " carries no certificate chain (x5c).");
		}
		List<X509Certificate> chain = new ArrayList<>();
		try {
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			for (Base64 der : x5c) {
				chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der.decode())));
			}
			for (int i = 0; i < chain.size(); i++) {
				chain.get(i).checkValidity(Date.from(now));
				if (i + 1 < chain.size()) {
					chain.get(i).verify(chain.get(i + 1).getPublicKey());
				}
			}
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new WalletException(what + "'s certificate chain is not valid now or not in order.");
		}
		return chain;
	}

	/**
	 * Checks that the chain leads to one of {@code anchors} by a PKIX path (signatures, validity, CA constraints;
	 * revocation is not asked here).
	 */
	static void anchored(List<X509Certificate> chain, List<X509Certificate> anchors, Instant now, String what) {
		Set<TrustAnchor> trusted = new HashSet<>();
		for (X509Certificate anchor : anchors) {
			trusted.add(new TrustAnchor(anchor, null));
		}
		List<X509Certificate> path = chain.stream().filter((c) -> !anchors.contains(c)).toList();
		if (trusted.isEmpty() || path.isEmpty()) {
			throw new WalletException(what + " is not signed under a CA this card trusts.");
		}
		try {
			PKIXParameters parameters = new PKIXParameters(trusted);
			parameters.setRevocationEnabled(false);
			parameters.setDate(Date.from(now));
			CertPathValidator.getInstance("PKIX")
				.validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
		}
		catch (GeneralSecurityException ex) {
			throw new WalletException(what + " is not signed under a CA this card trusts.");
		}
	}

	/** The DNS names among a certificate's subject alternative names. */
	static List<String> dnsNames(X509Certificate certificate) {
		List<String> names = new ArrayList<>();
		try {
			if (certificate.getSubjectAlternativeNames() != null) {
				for (List<?> name : certificate.getSubjectAlternativeNames()) {
					if (Integer.valueOf(2).equals(name.get(0)) && name.get(1) instanceof String dns) {
						names.add(dns);
					}
				}
			}
		}
		catch (java.security.cert.CertificateParsingException ex) {
			return List.of();
		}
		return names;
	}

}
