package org.tsunagu.wallet.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * A credential offer with the pre-authorized code grant, checked: the issuer (an address the wallet may call), the
 * configurations offered, the pre-authorized code, and the shape of the transaction code the person was shown apart
 * from the offer, if one is needed.
 *
 * @param authorizationServer the authorization server the grant names, or {@code null} for the issuer's own
 * @param txCode the transaction code's shape, or {@code null} when the offer needs none
 * @see <a href="https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html#section-4.1">OpenID4VCI 1.0 section 4.1</a>
 */
public record CredentialOffer(String credentialIssuer, List<String> configurationIds, String preAuthorizedCode,
		TxCode txCode, String authorizationServer) {

	static final String PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

	/**
	 * What the transaction code looks like, so that a mistyped one is caught here rather than spend one of the
	 * offer's few tries at the server.
	 * @param length the number of characters, or {@code null} when not said
	 */
	public record TxCode(boolean numeric, Integer length, String description) {

		/** Whether {@code code} has the shape the offer announced. */
		public boolean accepts(String code) {
			return !code.isEmpty() && code.length() <= 64 && (this.length == null || code.length() == this.length)
					&& (!this.numeric || code.chars().allMatch((c) -> c >= '0' && c <= '9'));
		}

		/** The prompt: the offer's own description when it gives one. */
		public String prompt() {
			String shape = this.length == null ? "" : " (" + this.length + (this.numeric ? " digits" : " characters") + ")";
			return this.description == null ? "Transaction code" + shape + ", shown apart from the offer"
					: "Transaction code" + shape + " - " + this.description;
		}

	}

	/**
	 * The offer in an {@code openid-credential-offer://} link (or any link with the same query), by value
	 * ({@code credential_offer}) or by reference ({@code credential_offer_uri}, read with {@code fetch}), or the
	 * offer's JSON itself.
	 */
	public static CredentialOffer parse(String text, Function<String, JsonNode> fetch) {
		String offer = text == null ? "" : text.strip();
		if (offer.startsWith("{")) {
			return of(Wire.object("The offer", offer));
		}
		Map<String, String> query = Wire.query(offer, "That is not a credential offer");
		String value = query.get("credential_offer");
		String reference = query.get("credential_offer_uri");
		if ((value == null) == (reference == null)) {
			throw new WalletException("That is not a credential offer: an openid-credential-offer:// link carries "
					+ "credential_offer or credential_offer_uri (one of them).");
		}
		if (value != null) {
			return of(Wire.object("The offer", value));
		}
		return of(fetch.apply(Wire.checked("The offer's credential_offer_uri", reference).toString()));
	}

	/** The offer object, every rule checked. */
	static CredentialOffer of(JsonNode offer) {
		String issuer = offer.path("credential_issuer").asString(null);
		Wire.checked("The offer's credential_issuer", issuer);
		if (issuer.contains("?")) {
			throw new WalletException("The offer's credential_issuer has a query, which an issuer identifier cannot have.");
		}
		List<String> ids = new ArrayList<>();
		for (JsonNode id : offer.path("credential_configuration_ids")) {
			if (!id.isString() || !ID.matcher(id.asString()).matches() || ids.contains(id.asString())) {
				throw new WalletException("The offer's credential_configuration_ids are not distinct short names.");
			}
			ids.add(id.asString());
		}
		if (ids.isEmpty() || ids.size() > 10) {
			throw new WalletException("The offer names no credential configuration (or more than ten).");
		}
		JsonNode grant = offer.path("grants").path(PRE_AUTHORIZED);
		if (!grant.isObject()) {
			throw new WalletException("The offer has no pre-authorized code grant; this wallet takes no other.");
		}
		String code = grant.path("pre-authorized_code").asString("");
		if (!grant.path("pre-authorized_code").isString() || code.isEmpty() || code.length() > 256) {
			throw new WalletException("The offer's pre-authorized_code is missing or too long.");
		}
		String server = grant.has("authorization_server")
				? Wire.checked("The offer's authorization_server", grant.path("authorization_server").asString(null)).toString()
				: null;
		return new CredentialOffer(issuer, List.copyOf(ids), code, txCode(grant.path("tx_code")), server);
	}

	private static TxCode txCode(JsonNode shape) {
		if (shape.isMissingNode() || shape.isNull()) {
			return null;
		}
		if (!shape.isObject()) {
			throw new WalletException("The offer's tx_code is not an object.");
		}
		String mode = shape.path("input_mode").asString("numeric");
		JsonNode length = shape.path("length");
		if (!mode.equals("numeric") && !mode.equals("text") || (!length.isMissingNode() && (!length.isInt()
				|| length.asInt() < 1 || length.asInt() > 64))) {
			throw new WalletException("The offer's tx_code has an input_mode or length this wallet does not know.");
		}
		String description = shape.path("description").isString() ? Wire.shorten(shape.path("description").asString()) : null;
		return new TxCode(mode.equals("numeric"), length.isMissingNode() ? null : length.asInt(), description);
	}

}
