/** The PKI's HTTP edge: card operations for operators, and public certificate status (CRL, OCSP, CA certificates). */
package org.tsunagu.pki.web;
