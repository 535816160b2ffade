/** The insurers' coverage API over HTTP. */
package org.tsunagu.eligibility.web;
