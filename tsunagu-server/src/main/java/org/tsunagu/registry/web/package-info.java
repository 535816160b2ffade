/** The registry's operator API over HTTP. */
package org.tsunagu.registry.web;
