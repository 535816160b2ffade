package org.tsunagu.portal.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The account's card page: the person's cards with their certificates, when each expires and from when the wallet
 * may renew it, and reporting a card lost (suspended at once) or found.
 */
@Controller
class AccountCardController {

	private final AccountController accounts;

	private final PageSupport pages;

	private final TsunaguProperties properties;

	private final java.time.Clock clock;

	AccountCardController(AccountController accounts, PageSupport pages, TsunaguProperties properties, java.time.Clock clock) {
		this.accounts = accounts;
		this.pages = pages;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/account/card")
	String card(HttpServletRequest request, Model model) {
		List<Map<String, Object>> cards = this.pages.list(this.accounts.call(request, "GET", "/api/v1/me/cards").required().get("cards"));
		Instant now = this.clock.instant();
		for (Map<String, Object> card : cards) {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> certificates = (List<Map<String, Object>>) card.get("certificates");
			Optional<Instant> expiry = certificates.stream().map((c) -> Instant.parse((String) c.get("notAfter"))).min(Instant::compareTo);
			expiry.ifPresent((e) -> {
				Instant from = e.atOffset(ZoneOffset.UTC).minusMonths(3).toInstant();
				card.put("expires", date(e));
				card.put("renewableFrom", date(from));
				card.put("renewable", !now.isBefore(from));
			});
			certificates.forEach((c) -> c.put("expires", date(Instant.parse((String) c.get("notAfter")))));
		}
		model.addAttribute("cards", cards);
		model.addAttribute("level", this.accounts.session(request).map(AccountSession::level).orElse("low"));
		return "account/card";
	}

	@PostMapping("/account/card/suspend")
	String suspend(HttpServletRequest request, @RequestParam("cardId") String cardId) {
		return cardChange(request, cardId, "suspend", "suspended");
	}

	@PostMapping("/account/card/reactivate")
	String reactivate(HttpServletRequest request, @RequestParam("cardId") String cardId) {
		return cardChange(request, cardId, "reactivate", "reactivated");
	}

	private String cardChange(HttpServletRequest request, String cardId, String action, String done) {
		if (!cardId.matches("[0-9a-f-]{36}")) {
			return "redirect:/account/card?done=gone";
		}
		ApiAnswer answer = this.accounts.call(request, "POST", "/api/v1/me/cards/" + cardId + "/" + action);
		return "redirect:/account/card?done=" + (answer.ok() ? done : "refused");
	}

	private LocalDate date(Instant instant) {
		return LocalDate.ofInstant(instant, this.properties.zone());
	}

}
