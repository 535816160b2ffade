/** Operator credential storage, bearer-token authentication and the HTTP security rules. */
package org.tsunagu.operator.internal;
