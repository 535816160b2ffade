package org.tsunagu.portal.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the account's and the console's pages share: the idle time they warn about, the API's JSON as maps the
 * templates read, the way back to sign-in once a session has ended, and the pages for what went wrong (not found,
 * not allowed, the API not answering), each the Design System's page with a status and a sentence, never a trace.
 * It comes before the API's problem advice, which would answer these pages in JSON.
 */
@ControllerAdvice(assignableTypes = { AccountController.class, AccountCardController.class, AccountCredentialsController.class,
		AccountDelegationsController.class, ConsoleController.class, ConsoleCardsController.class,
		ConsoleDelegationsController.class })
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class PageSupport {

	/** How long a signed-in page lives without activity, as the pages warn. */
	static final int IDLE_MINUTES = 15;

	private static final Logger log = LoggerFactory.getLogger(PageSupport.class);

	private final JsonMapper json;

	PageSupport(JsonMapper json) {
		this.json = json;
	}

	@ModelAttribute("idleMinutes")
	int idleMinutes() {
		return IDLE_MINUTES;
	}

	/** A JSON object as a map (empty for anything else). */
	Map<String, Object> map(JsonNode node) {
		@SuppressWarnings("unchecked")
		Map<String, Object> map = node == null || !node.isObject() ? new LinkedHashMap<>()
				: this.json.treeToValue(node, LinkedHashMap.class);
		return map;
	}

	/** A JSON array's objects as maps. */
	List<Map<String, Object>> list(JsonNode node) {
		List<Map<String, Object>> items = new ArrayList<>();
		if (node != null) {
			node.forEach((item) -> items.add(map(item)));
		}
		return items;
	}

	/** An id from a page's address (a resident's, a card's, a rule's, a delegation's); anything else is not found. */
	static String id(String id) {
		if (!id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
			throw new AccountException.NotFound();
		}
		return id;
	}

	@ExceptionHandler(AccountException.NotFound.class)
	String notFound(HttpServletResponse response, Model model) {
		return problem(response, model, 404, "not-found");
	}

	@ExceptionHandler(ConsoleOperators.Forbidden.class)
	String forbidden(HttpServletResponse response, Model model) {
		return problem(response, model, 403, "forbidden");
	}

	/** No operator signed in, or the credential no longer works: the console's sign-in. */
	@ExceptionHandler(ConsoleOperators.SignInFirst.class)
	String consoleSignIn(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(ConsoleSession.ATTRIBUTE);
		}
		return "redirect:/console";
	}

	/**
	 * The tokens are gone (expired, revoked, signed out elsewhere): in the console, its sign-in; in the account, the
	 * sign-in again, coming back to the page that was asked for (or home, after a form).
	 */
	@ExceptionHandler(AccountException.SignedOut.class)
	String signedOut(HttpServletRequest request) {
		String path = request.getRequestURI();
		if (path.equals("/console") || path.startsWith("/console/")) {
			return consoleSignIn(request);
		}
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(AccountSession.ATTRIBUTE);
		}
		return "redirect:/account/signin?return=" + URLEncoder.encode("GET".equals(request.getMethod()) ? path : "/", StandardCharsets.UTF_8);
	}

	@ExceptionHandler(AccountException.class)
	String failed(AccountException ex, HttpServletResponse response, Model model) {
		log.warn("Page failed: {}", ex.getMessage());
		return problem(response, model, 502, "unavailable");
	}

	/**
	 * A form that does not bind, and one whose field names the firewall refuses (control characters, for one), which
	 * it finds only when the form is read.
	 */
	@ExceptionHandler({ org.springframework.web.bind.ServletRequestBindingException.class,
			org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class,
			org.springframework.security.web.firewall.RequestRejectedException.class })
	String badRequest(HttpServletResponse response, Model model) {
		return problem(response, model, 400, "bad-request");
	}

	/** Anything else: the error page, and the failure's class in the log (never its message). */
	@ExceptionHandler(Exception.class)
	String unexpected(Exception ex, HttpServletResponse response, Model model) {
		log.error("Page failed: {}", org.tsunagu.platform.Failures.describe(ex));
		return problem(response, model, 500, "unavailable");
	}

	static String problem(HttpServletResponse response, Model model, int status, String problem) {
		response.setStatus(status);
		model.addAttribute("problem", problem);
		return "error";
	}

}
