package dev.herald.template;

import dev.herald.messaging.ChannelOptions;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One version of a template as stored.
 *
 * @param channels   by request channel key, in cascade order
 * @param moderation the state of each channel that needs moderation, by channel key
 */
record StoredTemplate(
        UUID id,
        String name,
        String description,
        int version,
        int currentVersion,
        Map<String, ChannelOptions> channels,
        Map<String, Moderation> moderation,
        Instant createdAt,
        Instant updatedAt) {

    /** A channel's moderation as recorded. */
    record Moderation(ModerationState state, String reason, Instant updatedAt) {}
}
