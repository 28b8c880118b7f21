package dev.herald.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.messaging.ChannelOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A template as the API shows it.
 *
 * @param version        the version shown; {@code currentVersion} is the one new messages are sent with
 * @param channels       in cascade order, as in {@code channels} of {@code POST /api/v1/messages}
 * @param variables      the variable names its texts use, which each destination's {@code variables} must give
 * @param moderation     for each channel that a messenger moderates: its state there
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateView(
        UUID id,
        String name,
        String description,
        int version,
        int currentVersion,
        Map<String, ChannelOptions> channels,
        List<String> variables,
        Map<String, ModerationView> moderation,
        Instant createdAt,
        Instant updatedAt) {

    /** A channel's moderation state, with the messenger's reason when it gave one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModerationView(ModerationState state, String reason, Instant updatedAt) {}
}
