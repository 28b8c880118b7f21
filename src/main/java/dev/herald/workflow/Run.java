package dev.herald.workflow;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A run as the advancer reads it (locked): where it is ({@code step}, {@code seq} steps entered so far), when it is
 * next due, and what it remembers ({@code state}: whether it is parked in its step, sends, split branches, webhook
 * statuses, a digest's events, an awaited event).
 */
record Run(long id, UUID accountId, long workflowId, int version, long contactId, String step, int seq, Instant dueAt,
           Map<String, Object> event, Map<String, Object> state) {}
