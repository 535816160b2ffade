package org.tsunagu.pki.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.pki.CertificateRevoked;

import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;

/**
 * The OCSP responder of the card-issuing CA (RFC 6960), signing with its delegated responder certificate. A serial
 * the CA never issued is {@code unknown}, never {@code good}; a request about another issuer's certificate is
 * {@code unauthorized}; a request that does not parse is {@code malformedRequest}. The nonce is echoed. Responses
 * are valid for 24 hours (inside the 8-hour-to-10-day window). Responses to requests without a nonce are kept and
 * served again until a revocation on this node, or a minute, makes them stale.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960">RFC 6960</a>
 */
@Component
class OcspResponder {

	static final Duration VALIDITY = Duration.ofHours(24);

	static final Duration REUSE = Duration.ofMinutes(1);

	static final int MAX_REQUEST = 16 * 1024;

	private static final Logger log = LoggerFactory.getLogger(OcspResponder.class);

	private final JdbcCards cards;

	private final CaDirectory directory;

	private final Clock clock;

	private final Map<String, Cached> presigned = new ConcurrentHashMap<>();

	private final AtomicLong revision = new AtomicLong();

	OcspResponder(JdbcCards cards, CaDirectory directory, Clock clock) {
		this.cards = cards;
		this.directory = directory;
		this.clock = clock;
	}

	/** After the revocation commits: a stale answer built before the commit must not be kept. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(CertificateRevoked revoked) {
		this.revision.incrementAndGet();
	}

	/** The DER OCSP response to a DER OCSP request; never throws. */
	byte[] respond(byte[] request) {
		try {
			if (request == null || request.length == 0 || request.length > MAX_REQUEST) {
				return status(OCSPRespBuilder.MALFORMED_REQUEST);
			}
			OCSPReq ocspRequest;
			try {
				ocspRequest = new OCSPReq(request);
			}
			catch (IOException | RuntimeException ex) {
				return status(OCSPRespBuilder.MALFORMED_REQUEST);
			}
			return answer(ocspRequest);
		}
		catch (Exception ex) {
			log.warn("OCSP response failed ({})", ex.getClass().getName());
			return status(OCSPRespBuilder.INTERNAL_ERROR);
		}
	}

	private byte[] answer(OCSPReq request) throws Exception {
		IssuingCa ca = this.directory.issuing();
		Req[] list;
		Extension nonce;
		try {
			list = request.getRequestList();
			if (list.length == 0 || list.length > 20) {
				return status(OCSPRespBuilder.MALFORMED_REQUEST);
			}
			if (!allAbout(ca, list)) {
				return status(OCSPRespBuilder.UNAUTHORIZED);
			}
			nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
		}
		catch (Exception ex) {
			// a structure that parsed but is not a request we can read: unknown digest, broken fields
			return status(OCSPRespBuilder.MALFORMED_REQUEST);
		}
		long current = this.revision.get();
		Instant now = this.clock.instant();
		String key = list.length == 1 && nonce == null ? cacheKey(list[0].getCertID()) : null;
		if (key != null) {
			Cached cached = this.presigned.get(key);
			if (cached != null && cached.revision() == current && now.isBefore(cached.at().plus(REUSE))) {
				return cached.der();
			}
		}
		BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
				new RespID(new JcaX509CertificateHolder(ca.ocspCertificate()).getSubject()));
		for (Req req : list) {
			builder.addResponse(req.getCertID(), status(req.getCertID()), Date.from(now), Date.from(now.plus(VALIDITY)),
					null);
		}
		if (nonce != null) {
			builder.setResponseExtensions(new Extensions(nonce));
		}
		ContentSigner signer = new JcaContentSignerBuilder(
				CertificateProfiles.signatureAlgorithm(ca.ocspCertificate().getPublicKey()))
			.setProvider(ca.provider())
			.build(ca.ocspKey());
		BasicOCSPResp basic = builder.build(signer,
				new X509CertificateHolder[] { new JcaX509CertificateHolder(ca.ocspCertificate()) }, Date.from(now));
		byte[] der = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
		if (key != null) {
			this.presigned.put(key, new Cached(der, current, now));
		}
		return der;
	}

	/** Whether every request names our issuing CA (by name and key hash, in whatever digest it chose). */
	private static boolean allAbout(IssuingCa ca, Req[] list) throws Exception {
		DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
		X509CertificateHolder issuer = new JcaX509CertificateHolder(ca.certificate());
		for (Req req : list) {
			CertificateID id = req.getCertID();
			CertificateID ours = new CertificateID(
					digests.get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(id.getHashAlgOID())), issuer,
					id.getSerialNumber());
			if (!java.util.Arrays.equals(ours.getIssuerNameHash(), id.getIssuerNameHash())
					|| !java.util.Arrays.equals(ours.getIssuerKeyHash(), id.getIssuerKeyHash())) {
				return false;
			}
		}
		return true;
	}

	private CertificateStatus status(CertificateID id) {
		Optional<JdbcCards.Status> stored = this.cards.status(CaCeremony.ISSUING, JdbcCards.hex(id.getSerialNumber()));
		if (stored.isEmpty()) {
			return new UnknownStatus();
		}
		JdbcCards.Status status = stored.get();
		if (status.revokedAt() == null) {
			return CertificateStatus.GOOD;
		}
		return new RevokedStatus(Date.from(status.revokedAt()), CrlPublisher.reasonCode(status.reason()));
	}

	private static String cacheKey(CertificateID id) {
		return JdbcCards.hex(id.getSerialNumber()) + "/" + id.getHashAlgOID().getId();
	}

	private static byte[] status(int code) {
		try {
			return new OCSPRespBuilder().build(code, null).getEncoded();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Cached(byte[] der, long revision, Instant at) {
	}


}
