package dev.herald.delivery;

import java.util.List;

/**
 * Messages changed status, all in one statement of the engine (a batch marked PENDING, sent, reported, expired).
 * Published synchronously inside the transaction that made the changes, so a listener that writes (e.g. the
 * callback outbox) commits or rolls back with them and can store its rows for the whole batch at once.
 */
public record MessageStatusChanges(List<MessageStatusChanged> changes) {

    public MessageStatusChanges {
        changes = List.copyOf(changes);
    }
}
