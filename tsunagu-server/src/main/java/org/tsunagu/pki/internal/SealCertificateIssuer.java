package org.tsunagu.pki.internal;

import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.tsunagu.pki.SealCertificates;
import org.tsunagu.platform.PublicUrl;

import org.springframework.stereotype.Component;

/** {@link SealCertificates} by the issuing CA; each key certified once per process. */
@Component
class SealCertificateIssuer implements SealCertificates {

	private final CaDirectory directory;

	private final PublicUrl publicUrl;

	private final Clock clock;

	private final CertificateProfiles profiles = new CertificateProfiles();

	private final Map<PublicKey, List<X509Certificate>> issued = new ConcurrentHashMap<>();

	SealCertificateIssuer(CaDirectory directory, PublicUrl publicUrl, Clock clock) {
		this.directory = directory;
		this.publicUrl = publicUrl;
		this.clock = clock;
	}

	@Override
	public X509Certificate root() {
		return this.directory.issuing().root();
	}

	@Override
	public List<X509Certificate> chain(PublicKey key, String commonName) {
		return this.issued.computeIfAbsent(key, (k) -> {
			IssuingCa ca = this.directory.issuing();
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
			Instant year = now.plus(Duration.ofDays(365));
			Instant caExpiry = ca.certificate().getNotAfter().toInstant();
			String url = this.publicUrl.base();
			X509Certificate certificate = this.profiles.seal(commonName, url, URI.create(url).getHost(), k, ca, now,
					year.isAfter(caExpiry) ? caExpiry : year);
			return List.of(certificate, ca.certificate());
		});
	}

}
