/**
 * The pages people use: the resident's account at {@code /} (signed in through this platform's own OpenID
 * Provider, by card or passkey, as any relying party would) and the operator console at {@code /console}. Both
 * are clients of the platform's HTTP APIs: the account calls {@code /api/v1/me/**} with the resident's DPoP-bound
 * token, the console calls the operator API with the operator's credential, so a page can do nothing the API would
 * not allow and every rule, refusal and log entry is the API's own.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Resident pages and operator console")
package org.tsunagu.portal;
