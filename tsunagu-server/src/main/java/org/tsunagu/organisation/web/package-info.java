/** The organisation registry's operator API over HTTP. */
package org.tsunagu.organisation.web;
