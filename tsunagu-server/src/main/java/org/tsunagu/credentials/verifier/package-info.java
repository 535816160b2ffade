/** The verifier: SD-JWT VC presentations checked against the trust list, the holder's key binding and the status lists. */
package org.tsunagu.credentials.verifier;
