package org.tsunagu.portal.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import io.nayuki.qrcodegen.QrCode;
import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.platform.QrSvg;
import org.tsunagu.platform.TsunaguProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The account's wallet credentials page: the person chooses credentials and gets an offer for any OpenID4VCI wallet,
 * as a QR code and an {@code openid-credential-offer://} link, with the transaction code shown apart from it. The
 * answer is rendered, not redirected to, so that the transaction code never appears in a URL.
 */
@Controller
class AccountCredentialsController {

	/** The credentials offered here, and the sign-in level each needs (as the issuer's metadata says). */
	static final List<Map<String, String>> CREDENTIALS = List.of(Map.of("id", "tsunagu_pid", "level", "high"),
			Map.of("id", "tsunagu_age", "level", "substantial"), Map.of("id", "tsunagu_residence", "level", "high"),
			Map.of("id", "tsunagu_insurance", "level", "high"));

	private final AccountController accounts;

	private final JsonMapper json;

	private final TsunaguProperties properties;

	AccountCredentialsController(AccountController accounts, JsonMapper json, TsunaguProperties properties) {
		this.accounts = accounts;
		this.json = json;
		this.properties = properties;
	}

	@GetMapping("/account/credentials")
	String credentials(HttpServletRequest request, Model model) {
		return page(request, model);
	}

	@PostMapping("/account/credentials/offer")
	String offer(HttpServletRequest request, Model model,
			@RequestParam(name = "credential", required = false) List<String> chosen) {
		List<String> known = CREDENTIALS.stream().map((c) -> c.get("id")).toList();
		if (chosen == null || chosen.isEmpty() || !known.containsAll(chosen)) {
			model.addAttribute("error", "none");
			return page(request, model);
		}
		ApiAnswer answer = this.accounts.call(request, "POST", "/api/v1/me/credential-offers",
				this.json.writeValueAsString(Map.of("credentials", List.copyOf(new java.util.LinkedHashSet<>(chosen)))));
		if (!answer.ok()) {
			model.addAttribute("error", "refused");
			model.addAttribute("detail", answer.body().path("detail").asString(""));
			return page(request, model);
		}
		JsonNode body = answer.body();
		String uri = body.get("offerUri").asString();
		model.addAttribute("offerUri", uri);
		model.addAttribute("qr", QrSvg.of(uri, QrCode.Ecc.LOW, null, 280));
		model.addAttribute("txCode", body.get("txCode").asString());
		model.addAttribute("expires", DateTimeFormatter.ofPattern("HH:mm")
			.format(Instant.parse(body.get("expiresAt").asString()).atZone(this.properties.zone())));
		return page(request, model);
	}

	private String page(HttpServletRequest request, Model model) {
		model.addAttribute("credentials", CREDENTIALS);
		model.addAttribute("level", this.accounts.session(request).map(AccountSession::level).orElse("low"));
		return "account/credentials";
	}

}
