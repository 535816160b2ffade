/**
 * The wallet's command line: create a card, get its certificates, sign files, show status, unlock a PIN, and keep and
 * present credentials.
 */
package org.tsunagu.wallet.cli;
