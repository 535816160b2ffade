package org.tsunagu.portal.internal;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

/**
 * The operator behind a console page: the signed-in session, the role a task needs, and the operator API called
 * with the operator's own credential on this server's loopback address, so that the API's rules, refusals and log
 * entries are the console's. Every console controller reaches the API through here.
 */
@Component
class ConsoleOperators {

	private final AccountClient client;

	ConsoleOperators(AccountClient client) {
		this.client = client;
	}

	/** The signed-in operator, if any. */
	Optional<ConsoleSession> session(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session != null && session.getAttribute(ConsoleSession.ATTRIBUTE) instanceof ConsoleSession s ? Optional.of(s)
				: Optional.empty();
	}

	/** The signed-in operator holding {@code role}; otherwise to the sign-in, or the page saying the role is missing. */
	ConsoleSession require(HttpServletRequest request, String role) {
		ConsoleSession operator = session(request).orElseThrow(SignInFirst::new);
		if (!operator.may(role)) {
			throw new Forbidden();
		}
		return operator;
	}

	/** The operator API on this server's own loopback address: the credential never leaves the machine. */
	ApiAnswer api(HttpServletRequest request, ConsoleSession operator, String method, String path, String body) {
		return this.client.operatorCall("http://127.0.0.1:" + request.getLocalPort(), operator.credential(), method, path, body);
	}

	/** No operator is signed in. */
	static final class SignInFirst extends RuntimeException {

		SignInFirst() {
			super("Sign in to the console", null, false, false);
		}

	}

	/** The operator's credential does not hold the role the page needs. */
	static final class Forbidden extends RuntimeException {

		Forbidden() {
			super("Role missing", null, false, false);
		}

	}

}
