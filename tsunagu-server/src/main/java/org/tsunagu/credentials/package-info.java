/**
 * Verifiable credentials: facts of the registry carried in the person's own wallet as SD-JWT VCs, issued over
 * OpenID4VCI ({@code issuer}), kept current through a Token Status List ({@code status}), and shown only as far as
 * a verifier asks. The root package holds the events the transparency log records.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Verifiable credentials")
package org.tsunagu.credentials;
