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

    /**
     * A channel's moderation as recorded.
     *
     * @param connectionId the connection it was submitted through, once submitted (or kept from an earlier version)
     * @param externalId   the messenger's id of the template (Meta's template id; the service's template name)
     * @param submittedAt  when this version's channel was submitted; null when it has not been
     */
    record Moderation(ModerationState state, String reason, Instant updatedAt, UUID connectionId, String externalId,
                      Instant submittedAt) {}
}
