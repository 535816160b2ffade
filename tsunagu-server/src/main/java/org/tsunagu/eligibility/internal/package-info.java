/** Coverage records and their rules. */
package org.tsunagu.eligibility.internal;
