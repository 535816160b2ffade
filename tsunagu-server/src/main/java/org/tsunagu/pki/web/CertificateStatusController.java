package org.tsunagu.pki.web;

import org.tsunagu.pki.internal.CertificateStatus;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Public certificate status: CA certificates and CRLs. The OCSP responder is answered by {@link OcspEndpoint}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#appendix-A.1">RFC 6960 appendix A.1</a>
 */
@RestController
final class CertificateStatusController {

	private final CertificateStatus status;

	CertificateStatusController(CertificateStatus status) {
		this.status = status;
	}

	@GetMapping("/pki/ca/{name}.crt")
	ResponseEntity<byte[]> caCertificate(@PathVariable String name) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/pkix-cert"))
			.cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)).cachePublic())
			.body(this.status.caCertificate(name));
	}

	@GetMapping("/pki/crl/{name}.crl")
	ResponseEntity<byte[]> crl(@PathVariable String name) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/pkix-crl"))
			.cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(1)).cachePublic())
			.body(this.status.crl(name));
	}

}
