package dev.herald.delivery;

import java.time.Instant;
import java.util.UUID;

/** A unit of queued work on one message, held by a node until {@code lockedUntil}. */
record Job(long id, Kind kind, UUID messageId, Instant dueAt, Instant lockedUntil) {

    enum Kind {
        /** Hand the message to its provider. */
        SEND,
        /** End a sent message's wait for a delivery report when its validity runs out. */
        EXPIRE
    }
}
