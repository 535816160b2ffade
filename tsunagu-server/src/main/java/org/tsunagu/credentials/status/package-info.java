/** Token Status Lists: one bit per credential issued, published signed, set when the registry or CA says so. */
package org.tsunagu.credentials.status;
