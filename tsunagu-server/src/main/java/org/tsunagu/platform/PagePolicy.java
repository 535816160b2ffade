package org.tsunagu.platform;

/** The Content Security Policy every server-rendered page carries: scripts and styles from this origin only. */
public final class PagePolicy {

	private PagePolicy() {
	}

	/** The pages' policy; {@code formAction} widens form targets where a form's answer redirects to a service. */
	public static String csp(String formAction) {
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
				+ "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action " + formAction;
	}

}
