package dev.herald.workflow;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A workflow as stored: its current version's definition and its status (ACTIVE, PAUSED, ARCHIVED). */
record Workflow(long id, UUID accountId, String name, String status, int version, JsonNode definition,
                Instant createdAt, Instant updatedAt) {}
