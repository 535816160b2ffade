package org.tsunagu.pki.internal;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Base64;
import java.util.SplittableRandom;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.tsunagu.TsunaguTest;
import org.tsunagu.platform.Violations;
import org.tsunagu.pki.TestKeys;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Thousands of mutated DER inputs (flipped bits, truncations, inserted and repeated bytes) into the CSR check and
 * the OCSP responder: every one gets an answer, none an exception, none hangs. Nonces outside RFC 9654's 1 to 128
 * octets are refused, not echoed under the responder's signature.
 */
@TsunaguTest
class HostileDerTest {

	@Autowired
	OcspResponder responder;

	@Autowired
	CaDirectory directory;

	@Test
	void csrCheckWhenMutatedDerThenViolationOrKeyNeverException() {
		byte[] valid = Base64.getMimeDecoder()
			.decode(TestKeys.pem(TestKeys.csr(TestKeys.ec("secp256r1"))).replaceAll("-----[A-Z ]+-----", ""));
		SplittableRandom random = new SplittableRandom(7);
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			int accepted = 0;
			for (int i = 0; i < 5000; i++) {
				byte[] mutated = mutate(valid, random);
				Violations v = new Violations();
				CsrCheck.CheckedKey key = CsrCheck.check(Base64.getEncoder().encodeToString(mutated), "/csr", v);
				assertThat(key == null).isEqualTo(!v.isEmpty());
				accepted += key == null ? 0 : 1;
			}
			assertThat(accepted).isLessThan(5000);
		});
	}

	@Test
	void ocspWhenMutatedRequestsThenEveryAnswerIsAnOcspResponse() throws Exception {
		CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
				new JcaX509CertificateHolder(this.directory.issuing().certificate()), BigInteger.valueOf(12345));
		byte[] valid = new OCSPReqBuilder().addRequest(id).build().getEncoded();
		SplittableRandom random = new SplittableRandom(11);
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			for (int i = 0; i < 3000; i++) {
				byte[] answer = this.responder.respond(mutate(valid, random));
				assertThatCode(() -> new OCSPResp(answer)).doesNotThrowAnyException();
				int status = new OCSPResp(answer).getStatus();
				assertThat(status).isIn(0, 1, 6);
			}
		});
	}

	@Test
	void ocspWhenNonceIsEmptyOrLongerThan128OctetsThenMalformedRequestElseEchoed() throws Exception {
		CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
				new JcaX509CertificateHolder(this.directory.issuing().certificate()), BigInteger.valueOf(12345));
		for (int length : new int[] { 0, 129, 4000 }) {
			OCSPResp refused = new OCSPResp(this.responder.respond(withNonce(id, new DEROctetString(new byte[length]).getEncoded())));
			assertThat(refused.getStatus()).as("a nonce of %d octets", length).isEqualTo(OCSPResp.MALFORMED_REQUEST);
		}
		// a nonce sent raw, not wrapped in its OCTET STRING, counts whole
		assertThat(new OCSPResp(this.responder.respond(withNonce(id, new byte[200]))).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
		for (int length : new int[] { 1, 16, 32, 33, 128 }) {
			byte[] value = new DEROctetString(java.util.Arrays.copyOf(new byte[] { 7 }, length)).getEncoded();
			OCSPResp answered = new OCSPResp(this.responder.respond(withNonce(id, value)));
			assertThat(answered.getStatus()).as("a nonce of %d octets", length).isEqualTo(OCSPResp.SUCCESSFUL);
			assertThat(((BasicOCSPResp) answered.getResponseObject()).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
				.getExtnValue().getOctets()).isEqualTo(value);
		}
	}

	private static byte[] withNonce(CertificateID id, byte[] extnValue) throws Exception {
		return new OCSPReqBuilder().addRequest(id)
			.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, extnValue)))
			.build().getEncoded();
	}

	static byte[] mutate(byte[] input, SplittableRandom random) {
		byte[] out = input.clone();
		switch (random.nextInt(5)) {
			case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
			case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length));
			case 2 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
			case 3 -> {
				int at = random.nextInt(out.length);
				byte[] longer = new byte[out.length + 1];
				System.arraycopy(out, 0, longer, 0, at);
				longer[at] = (byte) 0xFF;
				System.arraycopy(out, at, longer, at + 1, out.length - at);
				out = longer;
			}
			default -> {
				for (int k = 0; k < 4; k++) {
					out[random.nextInt(out.length)] = (byte) random.nextInt(256);
				}
			}
		}
		return out;
	}


}
