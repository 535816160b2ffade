/** The delegation API: operators record and end delegations and protection orders; residents give and end mandates. */
package org.tsunagu.delegation.web;
