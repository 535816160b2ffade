/**
 * Digital certification: the CA hierarchy and its key ceremony, the card's authentication and signing
 * certificates, their lifecycle, and certificate status by CRL and OCSP. The root package holds the events
 * other modules may listen to.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Digital certification")
package org.tsunagu.pki;
