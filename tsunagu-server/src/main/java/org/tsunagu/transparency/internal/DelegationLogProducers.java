package org.tsunagu.transparency.internal;


import org.tsunagu.delegation.DelegationEnded;
import org.tsunagu.delegation.DelegationRecorded;
import org.tsunagu.oidc.ActedFor;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Acting for someone, in the log under both people: a delegation taking effect and ending, and each sign-in a
 * proxy makes for the person. No entry says that a protection order ended a delegation: the entries are public,
 * and the proxy reads their own and its neighbours.
 */
@Component
class DelegationLogProducers {

	static final String DELEGATIONS = "Tsunagu delegations";

	private final LogEntries entries;

	DelegationLogProducers(LogEntries entries) {
		this.entries = entries;
	}

	@EventListener
	void on(DelegationRecorded event) {
		String key = "delegation-recorded:" + event.delegationId();
		this.entries.append(new LogEntries.Entry(key + ":represented", DELEGATIONS, "delegations", event.representedId(),
				"someone may now act for you (" + event.kind() + ")", "a delegation recorded by " + by(event.by()), event.at()));
		this.entries.append(new LogEntries.Entry(key + ":proxy", DELEGATIONS, "delegations", event.proxyId(),
				"you may now act for someone (" + event.kind() + ")", "a delegation recorded by " + by(event.by()), event.at()));
	}

	@EventListener
	void on(DelegationEnded event) {
		String key = "delegation-ended:" + event.delegationId();
		// log entries are public: a protection order is a court's order in both, so neither leaf tells the proxy of
		// it (the represented person's own pages show the real reason)
		String reason = "protection-order".equals(event.reason()) ? "court-order" : event.reason();
		this.entries.append(new LogEntries.Entry(key + ":represented", DELEGATIONS, "delegations", event.representedId(),
				"a delegation for you ended (" + event.kind() + ", " + reason + "), with every sign-in made under it",
				"ending a delegation", event.at()));
		String proxyReason = reason;
		this.entries.append(new LogEntries.Entry(key + ":proxy", DELEGATIONS, "delegations", event.proxyId(),
				"your delegation to act for someone ended (" + event.kind() + ", " + proxyReason + ")", "ending a delegation",
				event.at()));
	}

	@EventListener
	void on(ActedFor event) {
		String key = "acted-for:" + event.grantId() + ":" + event.at().toEpochMilli();
		this.entries.append(new LogEntries.Entry(key + ":represented", event.serviceName(), event.clientId(),
				event.representedId(), "your proxy (" + event.kind() + ") signed in for you; claims released: "
						+ String.join(" ", event.scopes()), "a sign-in by your proxy", event.at()));
		this.entries.append(new LogEntries.Entry(key + ":proxy", event.serviceName(), event.clientId(), event.proxyId(),
				"you signed in for someone you represent (" + event.kind() + ")", "a sign-in for someone else", event.at()));
	}

	private static String by(String by) {
		return by.startsWith("operator:") ? "an operator" : "the person";
	}

}
