/** The CA's keys, ceremony, certificate profiles, card lifecycle, CRL and OCSP. */
package org.tsunagu.pki.internal;
