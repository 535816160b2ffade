/**
 * RFC 9162 Merkle tree hashing, inclusion and consistency proofs, and the C2SP checkpoint and tile formats.
 * The library depends on nothing but the JDK; it is filled in by the transparency log work.
 */
package org.tsunagu.merkle;
