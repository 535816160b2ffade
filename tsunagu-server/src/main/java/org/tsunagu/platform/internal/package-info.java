/** The filters and exception handling behind the platform's shared HTTP edge. */
package org.tsunagu.platform.internal;
