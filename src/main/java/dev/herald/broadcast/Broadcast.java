package dev.herald.broadcast;

import java.time.Instant;
import java.util.UUID;

/** A broadcast: one template or message to the contacts of a group, from {@code startAt} on. */
record Broadcast(long id, UUID accountId, String name, long groupId, BroadcastDefinition definition,
                 BroadcastStatus status, Instant startAt, UUID bulkId, int recipientsTotal, int recipientsHanded,
                 long nextContact, String problem, Instant createdAt, Instant startedAt, Instant finishedAt) {}
