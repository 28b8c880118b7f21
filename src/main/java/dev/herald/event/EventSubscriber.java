package dev.herald.event;

import java.util.List;

/**
 * What reacts to stored events (automation workflows). Called inside the transaction that stores them, so an
 * event and what it starts or ends are committed together or not at all; implementations work set-based on
 * the whole list and must not call out of the process.
 */
public interface EventSubscriber {

    void onEvents(List<AcceptedEvent> events);
}
