/**
 * The wallet's command line: create a card, get its certificates, sign files, show status, unlock a PIN, approve a
 * sign-in, answer a clinic's challenge, check the access log, make, keep and present credentials, and give, sign,
 * list and end mandates to act for someone else.
 */
package org.tsunagu.wallet.cli;
