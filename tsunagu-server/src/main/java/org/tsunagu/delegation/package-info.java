/**
 * Acting for someone else: a child's legal representative, a guardian or a registered power of attorney recorded by
 * an operator, and mandates a person gives and signs with their card; who may sign in to which service for whom,
 * ended at once by the card's suspension, a court's order, a protection order or the person's withdrawal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Delegation")
package org.tsunagu.delegation;
