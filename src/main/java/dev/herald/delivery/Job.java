package dev.herald.delivery;

import java.time.Instant;
import java.util.UUID;

/** A message to hand to its provider, held by a node until {@code lockedUntil}. */
record Job(long id, UUID messageId, Instant dueAt, Instant lockedUntil) {}
