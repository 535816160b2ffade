/**
 * The card replaces the health insurance card: insurers keep their members' coverage here, linked once by the
 * registry to the resident, and clinics confirm a patient's insurance online. Every coverage change goes into the
 * transparency log.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Health insurance eligibility")
package org.tsunagu.eligibility;
