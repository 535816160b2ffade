package org.tsunagu;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.modulith.events.ApplicationModuleListener;

/**
 * A listener for the registry's events, as a later module would have: its presence makes the event publication
 * registry store each event, and it remembers what it received.
 */
@TestComponent
public class TestEventLog {

	private final List<Object> received = new CopyOnWriteArrayList<>();

	@ApplicationModuleListener
	void on(org.tsunagu.registry.ResidentEnrolled event) {
		this.received.add(event);
	}

	@ApplicationModuleListener
	void on(org.tsunagu.registry.ResidentChanged event) {
		this.received.add(event);
	}

	public List<Object> received() {
		return List.copyOf(this.received);
	}

}
