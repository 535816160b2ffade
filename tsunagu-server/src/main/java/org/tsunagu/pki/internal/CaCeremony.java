package org.tsunagu.pki.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.platform.PublicUrl;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The key ceremony: generates, inside the key store, the root CA (P-384, 20 years), the card-issuing CA (P-256,
 * 10 years, signed by the root) and the issuing CA's OCSP responder (P-256, 2 years, with
 * {@code id-pkix-ocsp-nocheck} and the OCSPSigning purpose), and records the certificates. Every step is logged
 * under {@code org.tsunagu.pki.ceremony}, for the ceremony's minutes.
 */
@Component
final class CaCeremony {

	static final String ROOT = "root-ca";

	static final String ISSUING = "card-ca-1";

	static final String OCSP = "card-ca-1-ocsp";

	private static final Logger log = LoggerFactory.getLogger("org.tsunagu.pki.ceremony");

	private final CaKeys keys;

	private final JdbcCaCertificates certificates;

	private final TransactionTemplate transactions;

	private final PublicUrl publicUrl;

	private final Clock clock;

	private final CertificateProfiles profiles = new CertificateProfiles();

	CaCeremony(CaKeys keys, JdbcCaCertificates certificates, TransactionTemplate transactions, PublicUrl publicUrl,
			Clock clock) {
		this.keys = keys;
		this.certificates = certificates;
		this.transactions = transactions;
		this.publicUrl = publicUrl;
		this.clock = clock;
	}

	boolean done() {
		return this.certificates.exists();
	}

	void run() {
		if (done()) {
			throw new IllegalStateException("The CA hierarchy exists already; a second ceremony would replace nothing");
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		log.info("Key ceremony begins: key store {}, public URL {}", this.keys.kind(), this.publicUrl.base());
		X500Name rootName = new X500Name("CN=Tsunagu Root CA,O=Tsunagu,C=JP");
		X509Certificate[] root = new X509Certificate[1];
		this.keys.generate(ROOT, "secp384r1", (pair) -> {
			root[0] = this.profiles.root(rootName, pair.getPublic(), pair.getPrivate(), this.keys.provider(), now,
					now.plus(Duration.ofDays(20 * 365)));
			return root;
		});
		log.info("Root CA key generated in the key store as '{}'; certificate serial {} signed", ROOT,
				root[0].getSerialNumber().toString(16));
		PrivateKey rootKey = this.keys.privateKey(ROOT);
		X509Certificate[] issuing = new X509Certificate[1];
		this.keys.generate(ISSUING, "secp256r1", (pair) -> {
			issuing[0] = this.profiles.issuingCa(new X500Name("CN=Tsunagu Card CA 1,O=Tsunagu,C=JP"), pair.getPublic(),
					root[0], rootKey, this.keys.provider(), now, now.plus(Duration.ofDays(10 * 365)),
					this.publicUrl.resolve("/pki/crl/" + ROOT + ".crl"));
			return new X509Certificate[] { issuing[0], root[0] };
		});
		log.info("Issuing CA key generated as '{}'; certificate serial {} signed by the root", ISSUING,
				issuing[0].getSerialNumber().toString(16));
		PrivateKey issuingKey = this.keys.privateKey(ISSUING);
		X509Certificate[] ocsp = new X509Certificate[1];
		this.keys.generate(OCSP, "secp256r1", (pair) -> {
			ocsp[0] = this.profiles.ocspResponder(new X500Name("CN=Tsunagu Card CA 1 OCSP Responder,O=Tsunagu,C=JP"),
					pair.getPublic(), issuing[0], issuingKey, this.keys.provider(), now, now.plus(Duration.ofDays(2 * 365)));
			return new X509Certificate[] { ocsp[0], issuing[0], root[0] };
		});
		log.info("OCSP responder key generated as '{}'; certificate serial {} signed by the issuing CA", OCSP,
				ocsp[0].getSerialNumber().toString(16));
		this.transactions.executeWithoutResult((tx) -> {
			this.certificates.save(ROOT, "root", ROOT, this.keys.kind(), root[0], now);
			this.certificates.save(ISSUING, "issuing", ISSUING, this.keys.kind(), issuing[0], now);
			this.certificates.save(OCSP, "ocsp", OCSP, this.keys.kind(), ocsp[0], now);
		});
		log.info("Key ceremony complete: certificates recorded; publish {} as the trust anchor",
				this.publicUrl.resolve("/pki/ca/" + ROOT + ".crt"));
	}


}
