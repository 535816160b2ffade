package org.tsunagu.wallet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Approves a sign-in shown on a login page: fetches the challenge for the page's code, signs
 * {@code tsunagu-signin-v1 LF origin LF code LF challenge} with the card's authentication key, and posts the
 * signature with the authentication certificate. The wallet signs only for the server it is talking to: a
 * challenge that names another origin is refused.
 */
public final class SignInApproval {

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	public SignInApproval(HttpClient http) {
		this.http = http;
	}

	/** What the server says the sign-in is for, before the card holder agrees. */
	public record Request(String code, String origin, String challenge, String serviceEn, String serviceJa) {
	}

	public Request fetch(String server, String code) {
		String origin = origin(server);
		String normalised = normalise(code);
		ObjectNode body = this.json.createObjectNode();
		body.put("code", normalised);
		JsonNode answer = WalletHttp.postJson(this.http, origin + "/signin/pairings/challenge", body.toString(), null, 200);
		if (!origin.equals(answer.path("origin").asString(""))) {
			throw new WalletException("The server answered for another origin; nothing was signed.");
		}
		JsonNode service = answer.path("service");
		return new Request(normalised, origin, answer.path("challenge").asString(),
				service.path("en").asString(null), service.path("ja").asString(null));
	}

	public void approve(Request request, KeyPair authentication, Provider provider, X509Certificate certificate) {
		byte[] signed = ("tsunagu-signin-v1\n" + request.origin() + "\n" + request.code() + "\n" + request.challenge())
			.getBytes(StandardCharsets.UTF_8);
		ObjectNode body = this.json.createObjectNode();
		body.put("code", request.code());
		try {
			Signature signature = provider == null ? Signature.getInstance("SHA256withECDSA")
					: Signature.getInstance("SHA256withECDSA", provider);
			signature.initSign(authentication.getPrivate());
			signature.update(signed);
			body.put("signature", Base64.getEncoder().encodeToString(signature.sign()));
			body.put("certificate", Base64.getEncoder().encodeToString(certificate.getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new WalletException("The card could not sign.", ex);
		}
		WalletHttp.postJson(this.http, request.origin() + "/signin/pairings/approval", body.toString(), null, 200);
	}

	/** As the page shows it: four symbols, a hyphen, four symbols, upper case. */
	static String normalise(String code) {
		String plain = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
		return plain.length() == 8 ? plain.substring(0, 4) + "-" + plain.substring(4) : plain;
	}

	static String origin(String server) {
		URI uri = URI.create(server);
		if (uri.getScheme() == null || uri.getHost() == null) {
			throw new WalletException("--server is a URL such as https://id.example.jp");
		}
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}


}
