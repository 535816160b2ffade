package org.tsunagu.credentials;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDObjectBuilder;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TsunaguTest;
import org.tsunagu.credentials.verifier.PresentationChecks;
import org.tsunagu.platform.JoseForgeries;
import org.tsunagu.platform.JoseForgeries.Forgery;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a verifier trusts besides the credential's own JWT: another issuer's Token Status List, fetched from that
 * issuer's origin (here a local server standing in for it, listed in the trust list), and an {@code x5c} chain to
 * the platform's root. The published JOSE forgeries and Bouncy Castle's name-constraint allocation are tried
 * against both; each is refused with the check's own reason.
 */
@TsunaguTest
class CveCredentialTrustTest {

	static final String VCT = "https://issuer.example/age";

	@Autowired
	PresentationChecks checks;

	@Autowired
	TsunaguProperties properties;

	HttpServer issuerSite;

	String issuer;

	ECKey issuerKey;

	ECKey holderKey;

	final Map<String, String> lists = new ConcurrentHashMap<>();

	final AtomicInteger paths = new AtomicInteger();

	@BeforeEach
	void listIssuer() throws Exception {
		this.issuerSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.issuerSite.createContext("/status/", (exchange) -> {
			byte[] body = this.lists.getOrDefault(exchange.getRequestURI().getPath(), "").getBytes(StandardCharsets.US_ASCII);
			exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.issuerSite.start();
		this.issuer = "http://127.0.0.1:" + this.issuerSite.getAddress().getPort();
		this.issuerKey = new ECKeyGenerator(Curve.P_256).keyID("issuer-1").generate();
		this.holderKey = new ECKeyGenerator(Curve.P_256).generate();
		Files.writeString(this.properties.dataDir().resolve("trusted-issuers.json"), "{\"issuers\":[{\"iss\":\"" + this.issuer
				+ "\",\"vct_values\":[\"" + VCT + "\"],\"jwks\":{\"keys\":[" + this.issuerKey.toPublicJWK().toJSONString() + "]}}]}");
	}

	@AfterEach
	void unlist() throws Exception {
		this.issuerSite.stop(0);
		Files.deleteIfExists(this.properties.dataDir().resolve("trusted-issuers.json"));
	}

	/** A status list token for {@code uri}: every entry valid, or {@code size} zero bytes deflated. */
	private String statusList(String uri, int size) throws Exception {
		Deflater deflater = new Deflater();
		deflater.setInput(new byte[size]);
		deflater.finish();
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		byte[] buffer = new byte[65_536];
		while (!deflater.finished()) {
			compressed.write(buffer, 0, deflater.deflate(buffer));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("statuslist+jwt"))
			.keyID(this.issuerKey.getKeyID()).build(), new JWTClaimsSet.Builder().subject(uri).issueTime(new Date())
				.claim("status_list", Map.of("bits", 1, "lst", Base64.getUrlEncoder().withoutPadding()
					.encodeToString(compressed.toByteArray()))).build());
		jwt.sign(new ECDSASigner(this.issuerKey));
		return jwt.serialize();
	}

	/** A fresh status list address on the issuer's site, serving {@code token}. */
	private String serve(java.util.function.Function<String, String> token) {
		String path = "/status/" + this.paths.incrementAndGet();
		this.lists.put(path, token.apply(this.issuer + path));
		return this.issuer + path;
	}

	/** The issuer's credential whose status entry is index 0 of the list at {@code statusUri}, presented honestly. */
	private String presentation(String statusUri, JWSHeader header, ECKey signer) throws Exception {
		SDObjectBuilder builder = new SDObjectBuilder();
		Disclosure over20 = builder.putSDClaim("age_over_20", true);
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.issuer).issueTime(new Date())
			.expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).claim("vct", VCT)
			.claim("cnf", Map.of("jwk", this.holderKey.toPublicJWK().toJSONObject()))
			.claim("status", Map.of("status_list", Map.of("idx", 0, "uri", statusUri)));
		builder.build(true).forEach(claims::claim);
		SignedJWT jwt = new SignedJWT(header, claims.build());
		jwt.sign(new ECDSASigner(signer));
		String presented = jwt.serialize() + "~" + over20.getDisclosure() + "~";
		return presented + TestHolder.keyBinding(this.holderKey, presented, CveCredentialJoseTest.VERIFIER,
				CveCredentialJoseTest.NONCE, new Date());
	}

	private String presentation(String statusUri) throws Exception {
		return presentation(statusUri, new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dc+sd-jwt"))
			.keyID(this.issuerKey.getKeyID()).build(), this.issuerKey);
	}

	private void refused(String what, String presentation, String reason) {
		long started = System.nanoTime();
		assertThatThrownBy(() -> this.checks.verify(presentation, CveCredentialJoseTest.expected())).as(what)
			.isInstanceOfSatisfying(PresentationChecks.Refused.class, (ex) -> assertThat(ex.reason()).as(what).isEqualTo(reason));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as(what).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	@DisplayName("CVE-2022-21449, CVE-2022-23540, CVE-2015-9235, CVE-2018-0114, CVE-2020-28042, CVE-2019-17195, CVE-2025-53864: another issuer's status list token forged each of those ways — the presentation refused for its status")
	void statusListWhenForgedThenPresentationRefused() throws Exception {
		String honest = serve((uri) -> call(() -> statusList(uri, 16)));
		assertThat(this.checks.verify(presentation(honest), CveCredentialJoseTest.expected()).claims()).containsEntry("age_over_20", true);
		String genuine = statusList(honest, 16);
		List<Forgery> forgeries = new ArrayList<>();
		forgeries.addAll(JoseForgeries.psychicSignatures(genuine));
		forgeries.addAll(JoseForgeries.unsigned(genuine));
		forgeries.addAll(JoseForgeries.otherAlgorithms(genuine, this.issuerKey.toECPublicKey()));
		forgeries.addAll(JoseForgeries.selfNamedKeys(genuine));
		forgeries.addAll(JoseForgeries.missingSignatures(genuine));
		forgeries.addAll(JoseForgeries.malformed());
		forgeries.addAll(JoseForgeries.nested(genuine, 20_000));
		for (Forgery forgery : forgeries) {
			// the forged token names the honest list's address; served at its own, it is refused whatever it says
			String uri = serve((u) -> forgery.token().replace(honest, u));
			refused("status list: " + forgery, presentation(uri), "status");
		}
	}

	@Test
	@DisplayName("CVE-2024-28176 (panva/jose, the class): another issuer's status list that inflates to 100 MiB — refused for its status, not inflated")
	void statusListWhenItInflatesToAHundredMegabytesThenRefused() throws Exception {
		String bomb = serve((uri) -> call(() -> statusList(uri, 100 << 20)));
		assertThat(this.lists.get(bomb.substring(this.issuer.length())).length()).isLessThan(1 << 20);
		refused("a status list of 100 MiB", presentation(bomb), "status");
	}

	@Test
	@DisplayName("CVE-2025-8916 (Bouncy Castle): a credential whose x5c holds a CA certificate with hundreds, or a thousand, name-constraint subtrees — refused, quickly: as untrusted, or as malformed once the header passes Nimbus' 20,000 characters")
	void credentialWhenX5cHasHugeNameConstraintsThenRefused() throws Exception {
		refused("x5c with 300 name constraints", constrained(300), "untrusted-issuer");
		refused("x5c with 1,000 name constraints", constrained(1_000), "malformed");
	}

	/** A presentation whose issuer JWT carries a chain through a CA certificate with {@code count} name constraints. */
	private String constrained(int count) throws Exception {
		KeyPair ca = org.tsunagu.pki.TestKeys.ec("secp256r1");
		ECKey leafKey = new ECKeyGenerator(Curve.P_256).generate();
		GeneralSubtree[] subtrees = new GeneralSubtree[count];
		for (int i = 0; i < subtrees.length; i++) {
			subtrees[i] = new GeneralSubtree(new GeneralName(GeneralName.dNSName, "h" + i + ".example"));
		}
		Date from = new Date(System.currentTimeMillis() - 60_000);
		Date to = new Date(System.currentTimeMillis() + 3_600_000);
		var caCertificate = new JcaX509v3CertificateBuilder(new X500Name("CN=constrained"), BigInteger.TWO, from, to,
				new X500Name("CN=constrained"), ca.getPublic())
			.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
			.addExtension(Extension.nameConstraints, true, new NameConstraints(subtrees, null))
			.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate()));
		var leaf = new JcaX509v3CertificateBuilder(new X500Name("CN=constrained"), BigInteger.TEN, from, to,
				new X500Name("CN=issuer"), leafKey.toECPublicKey())
			.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, this.issuer)))
			.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate()));
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dc+sd-jwt"))
			.x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(leaf.getEncoded()),
					com.nimbusds.jose.util.Base64.encode(caCertificate.getEncoded()))).build();
		String presentation = presentation(serve((uri) -> call(() -> statusList(uri, 16))), header, leafKey);
		assertThat(presentation.length()).as("within the verifier's 64 KiB, so that the header is read").isLessThan(65_536);
		return presentation;
	}

	@FunctionalInterface
	interface Call {

		String call() throws Exception;

	}

	private static String call(Call call) {
		try {
			return call.call();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
