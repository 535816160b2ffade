package org.tsunagu.oidc;

import java.util.List;
import java.util.Map;

/** The sign-in steps of {@link SignInFlows}, for tests in other packages. */
public final class SignInFlowsAccess {

	private SignInFlowsAccess() {
	}

	public static Map<String, String> signIn(TestBrowser browser, TestRelyingParty rp, TestCards card,
			Map<String, String> parameters, List<String> consented) throws Exception {
		return SignInFlows.signIn(browser, rp, card, parameters, consented);
	}

}
