package dev.herald.broadcast;

import dev.herald.messaging.ChannelOptions;
import java.util.List;
import java.util.Map;

/**
 * What a broadcast sends, as stored: a template ({@code templateId}) or the channels of a message, with the
 * message options of Herald's intake.
 */
record BroadcastDefinition(
        String templateId,
        Map<String, ChannelOptions> channels,
        String callbackUrl,
        String callbackData,
        List<List<String>> allowedTimeRanges,
        String timeZone,
        Boolean useShortLinks) {}
