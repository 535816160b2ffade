/** The log's storage, integration, signing and endpoints. */
package org.tsunagu.transparency.internal;
