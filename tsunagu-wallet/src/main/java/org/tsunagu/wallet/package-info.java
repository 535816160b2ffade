/**
 * The resident's software card: key pairs behind PINs, the certificates the CA issued for them, and the
 * command line that signs challenges. Filled in by the digital certification work.
 */
package org.tsunagu.wallet;
