package org.tsunagu.platform;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.tsunagu.pki.HostileAsn1;

/**
 * The forgeries the published JOSE vulnerabilities are made of, each built from a genuine compact JWS so that the
 * forgery is the only thing wrong with it: zero and out-of-range ECDSA signatures, {@code alg} none, HMAC keyed
 * with the verifier's public key, a stranger's key named in the header ({@code jwk}, {@code jku}, {@code x5u},
 * {@code x5c}, an injected {@code kid}), missing or cut signatures, structurally broken tokens and JSON nested
 * deep. A test feeds every forgery to a verifier and expects that verifier's ordinary refusal.
 */
public final class JoseForgeries {

	/** What a forgery tries, and the token. */
	public record Forgery(String attack, String token) {

		@Override
		public String toString() {
			return this.attack;
		}

	}

	/** P-256's group order n: r or s equal to it is as invalid as zero. */
	static final BigInteger P256_ORDER = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private final String header;

	private final String payload;

	private final byte[] signature;

	private JoseForgeries(String genuine) {
		String[] parts = genuine.split("\\.", -1);
		if (parts.length != 3) {
			throw new IllegalArgumentException("a compact JWS");
		}
		this.header = parts[0];
		this.payload = parts[1];
		this.signature = Base64.getUrlDecoder().decode(parts[2]);
	}

	/** CVE-2022-21449 ("psychic signatures"): r and s zero, or the curve's order, or s alone zero. */
	public static List<Forgery> psychicSignatures(String genuine) {
		JoseForgeries jws = new JoseForgeries(genuine);
		byte[] order = fixed(P256_ORDER);
		byte[] sZero = Arrays.copyOf(jws.signature, 64);
		Arrays.fill(sZero, 32, 64, (byte) 0);
		return List.of(jws.withSignature("r = s = 0", new byte[64]), jws.withSignature("r = s = n", concat(order, order)),
				jws.withSignature("r genuine, s = 0", sZero),
				jws.withSignature("r = s = 0 as DER", new byte[] { 0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00 }));
	}

	/** CVE-2020-28042: no signature, or one cut short or with a byte too many. */
	public static List<Forgery> missingSignatures(String genuine) {
		JoseForgeries jws = new JoseForgeries(genuine);
		return List.of(jws.withSignature("empty signature", new byte[0]),
				jws.withSignature("signature cut to 63 bytes", Arrays.copyOf(jws.signature, 63)),
				jws.withSignature("signature with a 65th byte", Arrays.copyOf(jws.signature, 65)),
				new Forgery("no signature part", jws.header + "." + jws.payload));
	}

	/** CVE-2022-23540, CVE-2026-16093: {@code alg} none (and its spellings) with the header otherwise as sent. */
	public static List<Forgery> unsigned(String genuine) {
		JoseForgeries jws = new JoseForgeries(genuine);
		List<Forgery> forged = new ArrayList<>();
		for (String none : List.of("none", "None", "NONE")) {
			forged.add(new Forgery("alg " + none, jws.changed((h) -> h.put("alg", none)) + "." + jws.payload + "."));
		}
		return forged;
	}

	/**
	 * CVE-2015-9235: HS256 keyed with the verifier's public key, in each form a verifier might have it (JWK,
	 * SubjectPublicKeyInfo DER, PEM); and an algorithm outside the allow-list signed by a stranger's key.
	 */
	public static List<Forgery> otherAlgorithms(String genuine, PublicKey verifierKey) throws Exception {
		JoseForgeries jws = new JoseForgeries(genuine);
		String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(verifierKey.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		String jwk = jwkOf(verifierKey);
		List<Forgery> forged = new ArrayList<>();
		for (Map.Entry<String, byte[]> secret : Map.of("JWK", jwk.getBytes(StandardCharsets.UTF_8), "DER",
				verifierKey.getEncoded(), "PEM", pem.getBytes(StandardCharsets.US_ASCII)).entrySet()) {
			forged.add(jws.resigned("HS256 keyed with the public key as " + secret.getKey(),
					(h) -> h.put("alg", "HS256"), new MACSigner(Arrays.copyOf(secret.getValue(), Math.max(32, secret.getValue().length)))));
		}
		ECKey p521 = new ECKeyGenerator(Curve.P_521).generate();
		forged.add(jws.resigned("ES512 by a stranger's key", (h) -> h.put("alg", "ES512"), new ECDSASigner(p521)));
		RSAKey rsa = new RSAKeyGenerator(2048).generate();
		forged.add(jws.resigned("RS256 by a stranger's key", (h) -> h.put("alg", "RS256"), new RSASSASigner(rsa)));
		return forged;
	}

	/**
	 * CVE-2018-0114 and its kin: the stranger signs, and the header names the stranger's key itself (an embedded
	 * {@code jwk}, a {@code jku} or {@code x5u} to fetch it from, a self-signed {@code x5c}) or injects a {@code kid}.
	 */
	public static List<Forgery> selfNamedKeys(String genuine) throws Exception {
		JoseForgeries jws = new JoseForgeries(genuine);
		ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
		ECDSASigner signer = new ECDSASigner(stranger);
		String x5c = Base64.getEncoder().encodeToString(HostileAsn1.certificate(
				org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(stranger.toECPublicKey().getEncoded()),
				stranger.toKeyPair()).getEncoded());
		return List.of(
				jws.resigned("the stranger's key embedded as jwk", (h) -> h.put("jwk", stranger.toPublicJWK().toJSONObject()), signer),
				jws.resigned("jku naming the stranger's key set", (h) -> h.put("jku", "https://attacker.example/jwks.json"), signer),
				jws.resigned("x5u naming the stranger's certificate", (h) -> h.put("x5u", "https://attacker.example/cert.pem"), signer),
				jws.resigned("x5c with the stranger's self-signed certificate", (h) -> h.put("x5c", List.of(x5c)), signer),
				jws.resigned("kid injected as a path", (h) -> h.put("kid", "../../../../../../dev/null"), signer),
				jws.resigned("kid injected as SQL", (h) -> h.put("kid", "x' OR '1'='1"), signer));
	}

	/**
	 * CVE-2025-53864 and CVE-2023-1370: the header, then the payload, holding arrays nested {@code depth} deep;
	 * signed, so that only the nesting is wrong.
	 */
	public static List<Forgery> nested(String genuine, int depth) throws Exception {
		JoseForgeries jws = new JoseForgeries(genuine);
		String deep = "[".repeat(depth) + "]".repeat(depth);
		ECKey stranger = new ECKeyGenerator(Curve.P_256).generate();
		String headerJson = new String(Base64.getUrlDecoder().decode(jws.header), StandardCharsets.UTF_8);
		String payloadJson = new String(Base64.getUrlDecoder().decode(jws.payload), StandardCharsets.UTF_8);
		String deepHeader = B64.encodeToString(headerJson.replaceFirst("\\{", "{\"nest\":" + deep + ",")
			.getBytes(StandardCharsets.UTF_8));
		String deepPayload = B64.encodeToString(payloadJson.replaceFirst("\\{", "{\"nest\":" + deep + ",")
			.getBytes(StandardCharsets.UTF_8));
		return List.of(sign("header nested " + depth + " deep", deepHeader, jws.payload, stranger),
				sign("payload nested " + depth + " deep", jws.header, deepPayload, stranger));
	}

	/** CVE-2019-17195: tokens that are not well-formed JOSE in the ways a parser might trip over. */
	public static List<Forgery> malformed() {
		String payload = b64("{\"iss\":\"x\"}");
		String sig = B64.encodeToString(new byte[64]);
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("not base64url", "a*b.c*d.e*f");
		cases.put("header a JSON array", b64("[1,2]") + "." + payload + "." + sig);
		cases.put("header a JSON string", b64("\"ES256\"") + "." + payload + "." + sig);
		cases.put("alg a number", b64("{\"alg\":5}") + "." + payload + "." + sig);
		cases.put("x5c a string", b64("{\"alg\":\"ES256\",\"x5c\":\"MIIB\"}") + "." + payload + "." + sig);
		cases.put("x5c not DER", b64("{\"alg\":\"ES256\",\"x5c\":[\"AAAA\"]}") + "." + payload + "." + sig);
		cases.put("jwk without coordinates", b64("{\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\"}}") + "." + payload + "." + sig);
		cases.put("crit a number", b64("{\"alg\":\"ES256\",\"crit\":5}") + "." + payload + "." + sig);
		cases.put("typ an array", b64("{\"alg\":\"ES256\",\"typ\":[\"dpop+jwt\"]}") + "." + payload + "." + sig);
		cases.put("header not UTF-8", B64.encodeToString(new byte[] { (byte) 0xFF, (byte) 0xFE, 0x7B }) + "." + payload + "." + sig);
		cases.put("payload a JSON array", b64("{\"alg\":\"ES256\"}") + "." + b64("[1]") + "." + sig);
		cases.put("payload not JSON", b64("{\"alg\":\"ES256\"}") + "." + b64("not json") + "." + sig);
		cases.put("two parts", b64("{\"alg\":\"ES256\"}") + "." + payload);
		cases.put("seven parts", "a.b.c.d.e.f.g");
		cases.put("empty parts", "..");
		cases.put("a kid of 20,000 characters", b64("{\"alg\":\"ES256\",\"kid\":\"" + "k".repeat(20_000) + "\"}") + "." + payload + "." + sig);
		return cases.entrySet().stream().map((e) -> new Forgery(e.getKey(), e.getValue())).toList();
	}

	/** A JWS whose header is the genuine one changed, signed by {@code signer} over the genuine payload. */
	public static Forgery resign(String genuine, String attack, Consumer<Map<String, Object>> change, JWSSigner signer)
			throws Exception {
		return new JoseForgeries(genuine).resigned(attack, change, signer);
	}

	private Forgery withSignature(String attack, byte[] value) {
		return new Forgery(attack, this.header + "." + this.payload + "." + B64.encodeToString(value));
	}

	private String changed(Consumer<Map<String, Object>> change) {
		try {
			Map<String, Object> h = new LinkedHashMap<>(JSONObjectUtils.parse(
					new String(Base64.getUrlDecoder().decode(this.header), StandardCharsets.UTF_8)));
			change.accept(h);
			return B64.encodeToString(JSONObjectUtils.toJSONString(h).getBytes(StandardCharsets.UTF_8));
		}
		catch (java.text.ParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private Forgery resigned(String attack, Consumer<Map<String, Object>> change, JWSSigner signer) throws Exception {
		String h = changed(change);
		String alg = String.valueOf(JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(h), StandardCharsets.UTF_8))
			.get("alg"));
		Base64URL value = signer.sign(new JWSHeader(JWSAlgorithm.parse(alg)),
				(h + "." + this.payload).getBytes(StandardCharsets.US_ASCII));
		return new Forgery(attack, h + "." + this.payload + "." + value);
	}

	private static Forgery sign(String attack, String header, String payload, ECKey key) throws Exception {
		Base64URL value = new ECDSASigner(key).sign(new JWSHeader(JWSAlgorithm.ES256),
				(header + "." + payload).getBytes(StandardCharsets.US_ASCII));
		return new Forgery(attack, header + "." + payload + "." + value);
	}

	private static String jwkOf(PublicKey key) {
		if (key instanceof java.security.interfaces.ECPublicKey ec) {
			return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build().toJSONString();
		}
		if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
			return new RSAKey.Builder(rsa).build().toJSONString();
		}
		throw new IllegalArgumentException("an EC or RSA key");
	}

	private static String b64(String json) {
		return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] fixed(BigInteger value) {
		byte[] raw = value.toByteArray();
		byte[] out = new byte[32];
		System.arraycopy(raw, Math.max(0, raw.length - 32), out, Math.max(0, 32 - raw.length), Math.min(32, raw.length));
		return out;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

}
