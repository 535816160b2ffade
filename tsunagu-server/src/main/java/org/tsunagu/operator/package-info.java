/**
 * Operators of the platform and how they authenticate: bearer credentials carrying roles, and the bootstrap
 * credential written on first start. Later the OpenID Provider's access tokens take the credentials' place
 * behind the same {@link org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector} seam.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Operators")
package org.tsunagu.operator;
