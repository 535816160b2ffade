/** The OpenID Provider's operator API over HTTP. */
package org.tsunagu.oidc.web;
