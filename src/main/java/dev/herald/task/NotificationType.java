package dev.herald.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.messaging.ChannelOptions;
import java.util.Map;

/**
 * What every row of a task is sent as: the channels in cascade order with their options, as in a message
 * group of {@code POST /api/v1/messages}, or a stored template. The file's columns follow from it.
 *
 * @param useShortLinks SMS link shortening, as in a message group
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationType(
        Map<String, ChannelOptions> channels,
        String templateId,
        String callbackUrl,
        String callbackData,
        Boolean useShortLinks) {}
