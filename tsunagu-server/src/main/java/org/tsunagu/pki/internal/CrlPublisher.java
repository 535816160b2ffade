package org.tsunagu.pki.internal;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.tsunagu.pki.CertificateRevoked;
import org.tsunagu.platform.ApiProblem;

import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;

/**
 * Publishes each CA's certificate revocation list (RFC 5280 section 5): DER, {@code nextUpdate} 24 hours after
 * {@code thisUpdate}, a CRL number that only grows, and a reason code per entry. A list is kept until a
 * revocation on this node makes it stale, and never longer than a minute, so that a revocation on any node is
 * in the list within a minute.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-5">RFC 5280 section 5</a>
 */
@Component
class CrlPublisher {

	static final Duration VALIDITY = Duration.ofHours(24);

	static final Duration MAX_AGE = Duration.ofMinutes(1);

	private final JdbcCards cards;

	private final CaDirectory directory;

	private final CaKeys keys;

	private final Clock clock;

	private final Map<String, Published> published = new ConcurrentHashMap<>();

	private final AtomicLong revision = new AtomicLong();

	CrlPublisher(JdbcCards cards, CaDirectory directory, CaKeys keys, Clock clock) {
		this.cards = cards;
		this.directory = directory;
		this.keys = keys;
		this.clock = clock;
	}

	/** After the revocation commits: a stale answer built before the commit must not be kept. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(CertificateRevoked revoked) {
		this.revision.incrementAndGet();
	}

	/** One list is built at a time: requests that arrive meanwhile wait for it instead of building their own. */
	synchronized byte[] crl(String caName) {
		Instant now = this.clock.instant();
		long current = this.revision.get();
		Published last = this.published.get(caName);
		if (last != null && last.revision() == current && now.isBefore(last.at().plus(MAX_AGE))) {
			return last.der();
		}
		byte[] der = build(caName, now);
		this.published.put(caName, new Published(der, current, now));
		return der;
	}

	private byte[] build(String caName, Instant now) {
		X509Certificate issuer = this.directory.certificate(caName)
			.filter((c) -> c.getBasicConstraints() >= 0)
			.orElseThrow(() -> ApiProblem.notFound("The CA"));
		PrivateKey key = this.keys.privateKey(caName);
		Provider provider = this.keys.provider();
		try {
			CrlEncoder crl = new CrlEncoder();
			if (caName.equals(CaCeremony.ISSUING)) {
				this.cards.forEachRevoked(caName, now, (r) -> crl.add(new BigInteger(r.serial(), 16), r.revokedAt(),
						reasonCode(r.reason())));
			}
			Extensions extensions = new Extensions(new Extension[] {
					new Extension(Extension.authorityKeyIdentifier, false,
							new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer).getEncoded()),
					new Extension(Extension.cRLNumber, false,
							new CRLNumber(BigInteger.valueOf(now.toEpochMilli())).getEncoded()) });
			return crl.sign(issuer.getSubjectX500Principal().getEncoded(), now, now.plus(VALIDITY), extensions,
					CertificateProfiles.signatureAlgorithm(issuer.getPublicKey()), key, provider);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot sign the CRL of " + caName, ex);
		}
	}

	static int reasonCode(String reason) {
		return switch (reason) {
			case "keyCompromise" -> CRLReason.keyCompromise;
			case "affiliationChanged" -> CRLReason.affiliationChanged;
			case "superseded" -> CRLReason.superseded;
			case "cessationOfOperation" -> CRLReason.cessationOfOperation;
			case "certificateHold" -> CRLReason.certificateHold;
			case "privilegeWithdrawn" -> CRLReason.privilegeWithdrawn;
			default -> CRLReason.unspecified;
		};
	}

	private record Published(byte[] der, long revision, Instant at) {
	}

}
