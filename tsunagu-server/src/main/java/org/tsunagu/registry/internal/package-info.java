/** How the registry keeps its records: validation, number protection, storage, enrolment, life events and import. */
package org.tsunagu.registry.internal;
