package org.tsunagu.pki.internal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.tsunagu.platform.Violations;

import org.springframework.stereotype.Service;

/**
 * Checks a detached CMS signature (RFC 5652) made with a card's signing certificate: the certificate's chain to
 * our root (first, so that no key from an uncertified certificate is ever used), the signature over the content,
 * the certificate's validity and its revocation status at the signing time; and says who signed. Only what was
 * checked goes into the answer.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5652#section-5.6">RFC 5652 section 5.6</a>
 */
@Service
public final class SignatureVerifier implements org.tsunagu.pki.CardSignatures {

	private final CaDirectory directory;

	private final JdbcCards cards;

	SignatureVerifier(CaDirectory directory, JdbcCards cards) {
		this.directory = directory;
		this.cards = cards;
	}

	@Override
	public java.util.Optional<java.util.UUID> signer(String signatureBase64, String contentBase64) {
		Map<String, Object> checked;
		try {
			checked = verify(signatureBase64, contentBase64);
		}
		catch (org.tsunagu.platform.ApiProblem ex) {
			return java.util.Optional.empty();
		}
		if (!Boolean.TRUE.equals(checked.get("valid")) || !"good".equals(checked.get("certificateStatus"))) {
			return java.util.Optional.empty();
		}
		return this.cards.holder(this.directory.issuing().name(), (String) checked.get("serial"))
			.filter((h) -> "active".equals(h.cardStatus()))
			.map(JdbcCards.Holder::residentId);
	}

	@Override
	public boolean hasActiveCard(java.util.UUID residentId) {
		return this.cards.cardsOf(residentId).stream().anyMatch((c) -> "active".equals(c.status()));
	}

	@Override
	public boolean hasSuspendedCard(java.util.UUID residentId) {
		return this.cards.cardsOf(residentId).stream().anyMatch((c) -> "suspended".equals(c.status()));
	}

	public Map<String, Object> verify(String signatureBase64, String contentBase64) {
		Violations v = new Violations();
		byte[] signature = decode(signatureBase64, "/signature", v);
		byte[] content = decode(contentBase64, "/content", v);
		v.throwIfAny();
		CMSSignedData cms;
		SignerInformation signer;
		X509Certificate certificate;
		try {
			cms = new CMSSignedData(new CMSProcessableByteArray(content), signature);
			Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
			if (signers.size() != 1) {
				return invalid("The signature must have exactly one signer.");
			}
			signer = signers.iterator().next();
			@SuppressWarnings("unchecked")
			Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
			if (matches.isEmpty()) {
				return invalid("The signature does not carry the signer's certificate.");
			}
			certificate = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
		}
		catch (Exception ex) {
			v.add("/signature", "The signature is not a CMS SignedData structure in DER.");
			v.throwIfAny();
			return Map.of();
		}
		IssuingCa ca = this.directory.issuing();
		// the chain first: only a key this platform's CA certified (and so checked) is used to verify anything
		try {
			certificate.verify(ca.certificate().getPublicKey());
			ca.certificate().verify(ca.root().getPublicKey());
		}
		catch (Exception ex) {
			return invalid("The signer's certificate was not issued by this platform's CA.");
		}
		try {
			if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate))) {
				return invalid("The signature does not match the content.");
			}
		}
		catch (Exception ex) {
			return invalid("The signature does not match the content.");
		}
		if (!certificate.getKeyUsage()[1]) {
			return invalid("The certificate is not a signing certificate.");
		}
		Instant signedAt = signingTime(signer).orElse(Instant.now());
		if (signedAt.isBefore(certificate.getNotBefore().toInstant()) || signedAt.isAfter(certificate.getNotAfter().toInstant())) {
			return invalid("The certificate was not valid at the signing time.");
		}
		String serial = JdbcCards.hex(certificate.getSerialNumber());
		Optional<JdbcCards.Status> status = this.cards.status(ca.name(), serial);
		if (status.isEmpty()) {
			return invalid("The certificate is unknown to the CA.");
		}
		Instant revoked = status.get().revokedAt();
		// the signing time is the signer's own claim: once the key is known compromised, no claimed time helps
		if (revoked != null && "keyCompromise".equals(status.get().reason())) {
			return invalid("The certificate was revoked because its key was compromised.");
		}
		if (revoked != null && !revoked.isAfter(signedAt)) {
			return invalid("The certificate was revoked (" + status.get().reason() + ") before the signing time.");
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("valid", true);
		answer.put("signer", certificate.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
				java.util.Map.of("2.5.4.4", "SURNAME", "2.5.4.42", "GIVENNAME")));
		answer.put("serial", serial);
		answer.put("signingTime", signedAt.toString());
		answer.put("signingTimeSource", "claimed by the signer (no trusted timestamp)");
		answer.put("certificateStatus", revoked == null ? "good" : "revoked after signing (" + status.get().reason() + ")");
		return answer;
	}

	private static Optional<Instant> signingTime(SignerInformation signer) {
		if (signer.getSignedAttributes() == null) {
			return Optional.empty();
		}
		Attribute attribute = signer.getSignedAttributes().get(CMSAttributes.signingTime);
		if (attribute == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant());
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static Map<String, Object> invalid(String reason) {
		return Map.of("valid", false, "reason", reason);
	}

	private static byte[] decode(String base64, String pointer, Violations v) {
		if (base64 == null || base64.isBlank()) {
			v.add(pointer, "Required, as base64.");
			return null;
		}
		try {
			return Base64.getMimeDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			v.add(pointer, "Not valid base64.");
			return null;
		}
	}


}
