package org.tsunagu.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;

/**
 * Compact JWS (RFC 7515) made from templates, so that a fuzzed input reaches the checks behind the signature: a
 * header and a payload are JSON text with {@code $name} placeholders (filled with the current time, a fresh id, the
 * client's id and key...), and an input replaces one part of an otherwise valid JWS: the header or the payload (then
 * signed with the genuine key), the signature, or the whole text.
 */
public final class FuzzJws {

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private FuzzJws() {
	}

	/** The part of a JWS an input replaces. */
	public enum Part {

		HEADER, PAYLOAD, SIGNATURE, WHOLE;

		/** The part named by two bits of a selector byte. */
		public static Part of(int bits) {
			return values()[bits & 3];
		}

	}

	/**
	 * The values every template may name: {@code $now} and {@code $exp} (now and a minute on, in seconds),
	 * {@code $jti} (a new UUID), and the caller's own.
	 */
	public static Map<String, String> values(Map<String, String> own) {
		Map<String, String> values = new HashMap<>(own);
		long now = Instant.now().getEpochSecond();
		values.put("now", Long.toString(now));
		values.put("exp", Long.toString(now + 60));
		values.put("jti", UUID.randomUUID().toString());
		return values;
	}

	/** The valid JWS of two templates with {@code part} replaced by {@code fuzz}. */
	public static String mutate(Part part, byte[] fuzz, String header, String payload, ECKey key,
			Map<String, String> values) throws Exception {
		byte[] h = fill(header.getBytes(StandardCharsets.UTF_8), values);
		byte[] p = fill(payload.getBytes(StandardCharsets.UTF_8), values);
		return switch (part) {
			case HEADER -> sign(fill(fuzz, values), p, key);
			case PAYLOAD -> sign(h, fill(fuzz, values), key);
			case SIGNATURE -> b64(h) + "." + b64(p) + "." + b64(fuzz);
			case WHOLE -> ascii(fill(fuzz, values));
		};
	}

	/** The valid JWS of two templates. */
	public static String genuine(String header, String payload, ECKey key, Map<String, String> values) throws Exception {
		return sign(fill(header.getBytes(StandardCharsets.UTF_8), values), fill(payload.getBytes(StandardCharsets.UTF_8), values),
				key);
	}

	/** The JWS of exactly these header and payload bytes, signed with ES256 by {@code key}. */
	public static String sign(byte[] header, byte[] payload, ECKey key) throws Exception {
		String input = b64(header) + "." + b64(payload);
		return input + "." + new ECDSASigner(key)
			.sign(new JWSHeader(JWSAlgorithm.ES256), input.getBytes(StandardCharsets.US_ASCII));
	}

	/** A template with each {@code $name} that {@code values} names replaced by its value; the rest byte for byte. */
	public static byte[] fill(byte[] template, Map<String, String> values) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(template.length + 256);
		for (int i = 0; i < template.length; i++) {
			if (template[i] == '$') {
				int end = i + 1;
				while (end < template.length && template[end] >= 'a' && template[end] <= 'z') {
					end++;
				}
				String value = values.get(new String(template, i + 1, end - i - 1, StandardCharsets.US_ASCII));
				if (value != null) {
					out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
					i = end - 1;
					continue;
				}
			}
			out.write(template[i]);
		}
		return out.toByteArray();
	}

	/** The printable ASCII of some bytes, as an HTTP header's value may carry them. */
	public static String ascii(byte[] bytes) {
		StringBuilder text = new StringBuilder(bytes.length);
		for (byte b : bytes) {
			if (b >= 0x20 && b < 0x7f) {
				text.append((char) b);
			}
		}
		return text.toString().strip();
	}

	public static String b64(byte[] bytes) {
		return B64.encodeToString(bytes);
	}

	/** An access token's hash for a DPoP proof's {@code ath} (RFC 9449, section 4.2). */
	public static String ath(String accessToken) throws Exception {
		return b64(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
	}

}
