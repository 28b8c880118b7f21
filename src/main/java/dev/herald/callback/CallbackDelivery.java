package dev.herald.callback;

import java.time.Instant;
import java.util.UUID;

/**
 * One status callback as {@code GET /api/v1/callbacks} shows it.
 *
 * @param status        PENDING (not yet delivered, will be attempted at {@code nextAttemptAt}), DELIVERED (the
 *                      receiver answered 2xx) or GIVEN_UP (retry time over, or the URL was refused)
 * @param oldStatus     the message status the change left
 * @param newStatus     the message status the change reached
 * @param lastError     why the latest failed attempt failed, e.g. {@code HTTP 500}; kept after a later success
 */
record CallbackDelivery(
        long id,
        UUID messageId,
        String url,
        String oldStatus,
        String newStatus,
        String status,
        int attempts,
        String lastError,
        Instant createdAt,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        Instant deliveredAt,
        Instant givenUpAt) {}
