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
import java.security.cert.X509Certificate;
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
 * {@code unauthorized}; a request that does not parse is {@code malformedRequest}. The nonce is echoed when it has
 * 1 to 128 octets; a request whose nonce is empty or longer is {@code malformedRequest} (RFC 9654 section 2.1,
 * which replaced RFC 8954's limit of 32 octets), so no one has the responder key sign a large echo. Responses
 * are valid for 24 hours (inside the 8-hour-to-10-day window). Responses to requests without a nonce are kept and
 * served again until a revocation on this node, or a minute, makes them stale.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960">RFC 6960</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9654#section-2.1">RFC 9654 section 2.1</a>
 */
@Component
class OcspResponder {

	static final Duration VALIDITY = Duration.ofHours(24);

	static final Duration REUSE = Duration.ofMinutes(1);

	static final int MAX_REQUEST = 16 * 1024;

	/** RFC 9654 section 2.1: {@code Nonce ::= OCTET STRING(SIZE(1..128))}. */
	static final int MAX_NONCE = 128;

	private static final Logger log = LoggerFactory.getLogger(OcspResponder.class);

	private final JdbcCards cards;

	private final CaDirectory directory;

	private final Clock clock;

	private final Map<java.nio.ByteBuffer, Cached> presigned = new ConcurrentHashMap<>();

	private final Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, byte[][]> issuerHashes = new ConcurrentHashMap<>();

	static final int MAX_PRESIGNED = 200_000;

	/** Requests above this size are answered but never kept: a single-certificate request without a nonce is ~100 bytes. */
	static final int MAX_CACHED_REQUEST = 256;

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
			Cached cached = this.presigned.get(java.nio.ByteBuffer.wrap(request));
			if (cached != null && cached.revision() == this.revision.get()
					&& this.clock.instant().isBefore(cached.at().plus(REUSE))) {
				return cached.der();
			}
			OCSPReq ocspRequest;
			try {
				ocspRequest = new OCSPReq(request);
			}
			catch (IOException | RuntimeException ex) {
				return status(OCSPRespBuilder.MALFORMED_REQUEST);
			}
			return answer(ocspRequest, request);
		}
		catch (Exception ex) {
			log.warn("OCSP response failed ({})", ex.getClass().getName());
			return status(OCSPRespBuilder.INTERNAL_ERROR);
		}
	}

	private byte[] answer(OCSPReq request, byte[] raw) throws Exception {
		IssuingCa ca = this.directory.issuing();
		Req[] list;
		Extension nonce;
		try {
			list = request.getRequestList();
			if (list.length == 0 || list.length > 20) {
				return status(OCSPRespBuilder.MALFORMED_REQUEST);
			}
			if (!allAbout(ca.certificate(), list)) {
				return status(OCSPRespBuilder.UNAUTHORIZED);
			}
			nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
		}
		catch (Exception ex) {
			// a structure that parsed but is not a request we can read: unknown digest, broken fields
			return status(OCSPRespBuilder.MALFORMED_REQUEST);
		}
		if (nonce != null && (nonceLength(nonce) < 1 || nonceLength(nonce) > MAX_NONCE)) {
			return status(OCSPRespBuilder.MALFORMED_REQUEST);
		}
		long current = this.revision.get();
		Instant now = this.clock.instant();
		boolean reusable = list.length == 1 && nonce == null && raw.length <= MAX_CACHED_REQUEST;
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
		if (reusable) {
			if (this.presigned.size() >= MAX_PRESIGNED) {
				this.presigned.clear();
			}
			this.presigned.put(java.nio.ByteBuffer.wrap(raw.clone()), new Cached(der, current, now));
		}
		return der;
	}

	/**
	 * The nonce's length in octets: the extension's value is the DER of the nonce's OCTET STRING (RFC 9654 section
	 * 2.1); a value that is not one, as some older clients send it, counts whole.
	 */
	static int nonceLength(Extension nonce) {
		byte[] value = nonce.getExtnValue().getOctets();
		try {
			if (org.bouncycastle.asn1.ASN1Primitive.fromByteArray(value) instanceof org.bouncycastle.asn1.ASN1OctetString octets) {
				return octets.getOctets().length;
			}
		}
		catch (IOException | RuntimeException ex) {
			// not DER: the raw value is the nonce
		}
		return value.length;
	}

	/**
	 * Whether every request names our issuing CA by the hashes of its name and key, in whatever digest the client
	 * chose; the hashes are computed once per digest.
	 */
	private boolean allAbout(X509Certificate issuer, Req[] list) throws Exception {
		for (Req req : list) {
			CertificateID id = req.getCertID();
			byte[][] ours = this.issuerHashes.computeIfAbsent(id.getHashAlgOID(), (oid) -> hashes(issuer, oid));
			if (!java.util.Arrays.equals(ours[0], id.getIssuerNameHash())
					|| !java.util.Arrays.equals(ours[1], id.getIssuerKeyHash())) {
				return false;
			}
		}
		return true;
	}

	private static byte[][] hashes(X509Certificate issuer, org.bouncycastle.asn1.ASN1ObjectIdentifier digest) {
		try {
			CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
				.get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(digest)), new JcaX509CertificateHolder(issuer),
					java.math.BigInteger.ONE);
			return new byte[][] { id.getIssuerNameHash(), id.getIssuerKeyHash() };
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("unsupported digest", ex);
		}
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
