/** The organisation registry's rules and store. */
package org.tsunagu.organisation.internal;
