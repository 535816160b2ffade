package org.tsunagu.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ECDSA P-256 with SHA-256 (what the card CA and the OCSP responder sign with): signatures per second with the
 * JDK's SunEC and with the Amazon Corretto Crypto Provider, on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SigningBenchmark {

	@Param({ "SunEC", "AmazonCorrettoCryptoProvider" })
	public String provider;

	private Signature signer;

	private Signature verifier;

	private final byte[] message = new byte[256];

	private byte[] signature;

	@Setup
	public void setUp() throws Exception {
		Provider p = provider();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", p);
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair pair = generator.generateKeyPair();
		this.signer = Signature.getInstance("SHA256withECDSA", p);
		this.signer.initSign(pair.getPrivate());
		this.verifier = Signature.getInstance("SHA256withECDSA", p);
		this.verifier.initVerify(pair.getPublic());
		this.signer.update(this.message);
		this.signature = this.signer.sign();
	}

	private Provider provider() {
		if (this.provider.equals("SunEC")) {
			return Security.getProvider("SunEC");
		}
		return com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
	}

	@Benchmark
	public byte[] sign() throws Exception {
		this.signer.update(this.message);
		return this.signer.sign();
	}

	@Benchmark
	public boolean verify() throws Exception {
		this.verifier.update(this.message);
		return this.verifier.verify(this.signature);
	}

}
