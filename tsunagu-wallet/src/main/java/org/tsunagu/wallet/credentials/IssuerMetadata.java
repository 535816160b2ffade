package org.tsunagu.wallet.credentials;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * What the wallet needs of a credential issuer, from its metadata and its authorization server's, each checked to
 * be the document of the party the offer names: the endpoints, how many copies one request may ask, and the
 * offered configurations (their type and name).
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html#section-12.2">OpenID4VCI 1.0 section 12.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8414#section-3">RFC 8414 section 3</a>
 */
record IssuerMetadata(String credentialIssuer, String tokenEndpoint, String credentialEndpoint, String nonceEndpoint,
		int batchSize, Map<String, Configuration> configurations) {

	static final String FORMAT = "dc+sd-jwt";

	/** One credential configuration: its SD-JWT VC type and its name in English. */
	record Configuration(String id, String vct, String name) {
	}

	/** Reads and checks the metadata of {@code offer}'s issuer and of the authorization server of its grant. */
	static IssuerMetadata read(Wire wire, CredentialOffer offer) {
		String issuer = offer.credentialIssuer();
		JsonNode metadata = wire.getJson("The issuer's metadata", wellKnown(issuer, "openid-credential-issuer"));
		if (!issuer.equals(metadata.path("credential_issuer").asString(null))) {
			throw new WalletException("The metadata at " + issuer + " is for another issuer; the offer is not trusted.");
		}
		Map<String, Configuration> configurations = new LinkedHashMap<>();
		for (String id : offer.configurationIds()) {
			configurations.put(id, configuration(id, metadata.path("credential_configurations_supported").path(id)));
		}
		List<String> servers = new ArrayList<>();
		metadata.path("authorization_servers").forEach((s) -> servers.add(s.asString("")));
		String server = offer.authorizationServer() != null ? offer.authorizationServer() : servers.isEmpty() ? issuer : servers.get(0);
		if (offer.authorizationServer() != null && !servers.contains(server)) {
			throw new WalletException("The offer names an authorization server the issuer's metadata does not list.");
		}
		JsonNode authorization = wire.getJson("The authorization server's metadata", wellKnown(server, "oauth-authorization-server"));
		if (!server.equals(authorization.path("issuer").asString(null))) {
			throw new WalletException("The authorization server's metadata is for another server; the offer is not trusted.");
		}
		JsonNode batch = metadata.path("batch_credential_issuance").path("batch_size");
		return new IssuerMetadata(issuer, endpoint("token_endpoint", authorization),
				endpoint("credential_endpoint", metadata),
				metadata.has("nonce_endpoint") ? endpoint("nonce_endpoint", metadata) : null,
				batch.isInt() && batch.asInt() > 1 ? batch.asInt() : 1, Map.copyOf(configurations));
	}

	/**
	 * The address of a well-known document of {@code identifier}: {@code /.well-known/NAME} put between the host
	 * and the path, as RFC 8414 section 3.1 and OpenID4VCI 1.0 section 12.2.2 say.
	 */
	static String wellKnown(String identifier, String name) {
		URI uri = Wire.checked("The identifier", identifier);
		String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath().replaceAll("/$", "");
		return uri.getScheme() + "://" + uri.getRawAuthority() + "/.well-known/" + name + path;
	}

	private static Configuration configuration(String id, JsonNode c) {
		if (!c.isObject()) {
			throw new WalletException("The issuer does not describe " + id + ", which the offer names.");
		}
		if (!FORMAT.equals(c.path("format").asString(null)) || !c.path("vct").isString()) {
			throw new WalletException(id + " is not an SD-JWT VC (" + FORMAT + "), the only format this wallet keeps.");
		}
		JsonNode proofs = c.path("proof_types_supported");
		if (proofs.isObject() && !proofs.path("jwt").path("proof_signing_alg_values_supported").toString().contains("\"ES256\"")) {
			throw new WalletException(id + " does not take ES256 proofs of possession, the only ones this wallet makes.");
		}
		String name = id;
		for (JsonNode display : c.path("credential_metadata").path("display")) {
			if (display.path("locale").asString("").startsWith("en") && display.path("name").isString()) {
				name = Wire.shorten(display.path("name").asString());
			}
		}
		return new Configuration(id, c.path("vct").asString(), name);
	}

	private static String endpoint(String name, JsonNode metadata) {
		return Wire.checked("The metadata's " + name, metadata.path(name).asString(null)).toString();
	}

}
