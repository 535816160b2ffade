/**
 * The exchange hub: agencies share a person's data only under a rule of law, and never by the person's number.
 * Each agency knows the person by its own code; the hub translates, checks the legal-basis table, relays a
 * request it signs to the providing agency, checks the signed answer, keeps every message as signed and puts the
 * hash of each into the transparency log, where the person reads who gave whom what, why and under which provision.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Exchange hub")
package org.tsunagu.exchange;
