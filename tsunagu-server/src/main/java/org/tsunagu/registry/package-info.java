/**
 * The resident registry: the system of record that gives each resident one identity, with its individual number,
 * identity evidence and level of assurance, and every version of the record. Its root package is what other
 * modules may use: the events it publishes and the value types they carry.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Resident registry")
package org.tsunagu.registry;
