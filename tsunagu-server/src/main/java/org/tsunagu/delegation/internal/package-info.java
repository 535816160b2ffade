/** Delegations and protection orders: their storage, the rules they are held to, and what ends them. */
package org.tsunagu.delegation.internal;
