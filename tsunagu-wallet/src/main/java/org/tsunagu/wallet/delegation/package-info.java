/**
 * Acting for someone else, from the card holder's side: a mandate drafted at the platform, its document shown as the
 * person will sign it and signed with the card's signing key, and the delegations listed and ended.
 */
package org.tsunagu.wallet.delegation;
