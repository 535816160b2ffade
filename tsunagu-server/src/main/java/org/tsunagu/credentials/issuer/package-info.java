/** The credential issuer (OpenID4VCI 1.0): metadata, offers, nonces, and the credential endpoint. */
package org.tsunagu.credentials.issuer;
