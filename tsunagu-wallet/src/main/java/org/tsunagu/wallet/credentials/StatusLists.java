package org.tsunagu.wallet.credentials;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.wallet.WalletException;

/**
 * A credential's status in its issuer's Token Status List: the list token ({@code statuslist+jwt}) fetched, signed
 * by the credential's issuer, about the URI the credential names ({@code sub}), not expired; its {@code lst}
 * inflated (ZLIB) and the entry read at {@code idx}, {@code bits} wide, least significant bits first. Each list is
 * read once per run.
 *
 * @see <a href="https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/">Token Status List, sections 4 and 5</a>
 */
final class StatusLists {

	/** The status of a valid credential; 1 is revoked, 2 suspended. */
	static final int VALID = 0;

	private static final int MAX_LIST = 16 * 1024 * 1024;

	private record Entries(int bits, byte[] entries) {
	}

	private final Wire wire;

	private final IssuerKeys keys;

	private final Clock clock;

	private final Map<String, Entries> read = new HashMap<>();

	StatusLists(Wire wire, IssuerKeys keys, Clock clock) {
		this.wire = wire;
		this.keys = keys;
		this.clock = clock;
	}

	/** The credential's status (0 valid, 1 revoked, 2 suspended...); a list that cannot be had or checked throws. */
	int status(String issuer, SdJwtVc.Status entry) {
		Entries list = this.read.get(entry.uri());
		if (list == null) {
			list = fetch(issuer, entry.uri());
			this.read.put(entry.uri(), list);
		}
		return entry(list.entries(), list.bits(), entry.index());
	}

	private Entries fetch(String issuer, String uri) {
		HttpResponse<String> response = this.wire.get(uri, "application/statuslist+jwt");
		if (response.statusCode() != 200
				|| !response.headers().firstValue("Content-Type").orElse("").startsWith("application/statuslist+jwt")) {
			throw new WalletException("The status list " + uri + " cannot be read: " + Wire.problem(response) + ".");
		}
		JWTClaimsSet claims;
		try {
			SignedJWT token = SignedJWT.parse(response.body().strip());
			if (token.getHeader().getType() == null || !"statuslist+jwt".equals(token.getHeader().getType().getType())) {
				throw new WalletException("The status list " + uri + " is not a statuslist+jwt.");
			}
			this.keys.verify(token, issuer, "The status list");
			claims = token.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new WalletException("The status list " + uri + " is not a signed JWT.");
		}
		if (!uri.equals(claims.getSubject())
				|| (claims.getExpirationTime() != null && !claims.getExpirationTime().toInstant().isAfter(this.clock.instant()))) {
			throw new WalletException("The status list " + uri + " is about another list, or expired.");
		}
		if (!(claims.getClaim("status_list") instanceof Map<?, ?> list) || !(list.get("bits") instanceof Number bits)
				|| !(list.get("lst") instanceof String lst) || !List.of(1, 2, 4, 8).contains(bits.intValue())) {
			throw new WalletException("The status list " + uri + " has no status_list with bits 1, 2, 4 or 8 and lst.");
		}
		return new Entries(bits.intValue(), inflate(lst));
	}

	/** The {@code lst} of a status list: base64url of ZLIB-deflated bytes. */
	static byte[] inflate(String lst) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(Base64.getUrlDecoder().decode(lst));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new DataFormatException("truncated");
				}
				out.write(buffer, 0, n);
				if (out.size() > MAX_LIST) {
					throw new DataFormatException("too large");
				}
			}
			return out.toByteArray();
		}
		catch (DataFormatException | IllegalArgumentException ex) {
			throw new WalletException("A status list's lst is not base64url of ZLIB-deflated bytes.");
		}
		finally {
			inflater.end();
		}
	}

	/** Entry {@code index} of a list whose entries are {@code bits} wide, least significant bits first in each byte. */
	static int entry(byte[] entries, int bits, int index) {
		long bit = (long) index * bits;
		if (index < 0 || bit / 8 >= entries.length) {
			throw new WalletException("The credential's status entry is outside its list.");
		}
		return (entries[(int) (bit / 8)] >> (int) (bit % 8)) & ((1 << bits) - 1);
	}

}
