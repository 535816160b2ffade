/**
 * The card holder's credentials: received from an OpenID4VCI issuer, checked and kept beside the card (one-time
 * copies, each with a holder key sealed under the card's authentication PIN), listed with their status, and
 * presented to an OpenID4VP verifier with the fewest disclosures its query needs.
 */
package org.tsunagu.wallet.credentials;
