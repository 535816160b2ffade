/**
 * Organisations that use the platform's APIs for themselves: health insurers (their members' coverage), clinics
 * (eligibility checks) and agencies (data exchange under the law). Each is registered once by an operator, with
 * its public keys, and gets its own client at the OpenID Provider (client credentials with
 * {@code private_key_jwt}), whose one scope follows from its kind.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Organisations")
package org.tsunagu.organisation;
