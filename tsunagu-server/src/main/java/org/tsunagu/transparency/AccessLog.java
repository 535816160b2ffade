package org.tsunagu.transparency;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The log as a module that records accesses itself sees it (the exchange hub, whose entries carry the hashes of
 * the signed messages they stand for): append in the caller's transaction, and find where an entry landed once
 * the integrator has given it a leaf index.
 */
public interface AccessLog {

	/**
	 * One entry: who acted (name and identifier), about whom ({@code residentId}, kept private: the entry carries a
	 * commitment), what, why, when, and evidence (names to hashes, say {@code request} to {@code sha-256:...}).
	 */
	record Entry(String eventKey, String whoName, String whoId, UUID residentId, String what, String why, Instant when,
			Map<String, String> evidence) {
	}

	/** Appends the entry in the caller's transaction; an event key is unique, so an event cannot be logged twice. */
	void append(Entry entry);

	/** The entry's leaf index, once integrated into the tree (within a second of its commit). */
	Optional<Long> leafIndex(String eventKey);

}
