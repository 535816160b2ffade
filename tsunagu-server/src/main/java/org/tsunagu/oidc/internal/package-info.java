/** The relying-party registry: rules, storage and service. */
package org.tsunagu.oidc.internal;
