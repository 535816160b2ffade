/**
 * The transparency log: every access to a person's data and every certificate issued or revoked, appended to an
 * RFC 9162 Merkle tree published as C2SP tlog-tiles with signed checkpoints, so that anyone can check that nothing
 * was removed or rewritten, and each person can find and open the entries about them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Transparency log")
package org.tsunagu.transparency;
