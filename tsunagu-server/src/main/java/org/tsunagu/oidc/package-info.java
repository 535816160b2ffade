/**
 * The OpenID Provider: one login for every public and private service. So far its relying-party registry: which
 * services may sign people in, where they may be redirected, the keys they authenticate with, and the most they
 * may ask for.
 */
@org.springframework.modulith.ApplicationModule(displayName = "OpenID Provider")
package org.tsunagu.oidc;
