/** The account's OpenID Connect client, the API calls behind the pages, and the page controllers. */
package org.tsunagu.portal.internal;
