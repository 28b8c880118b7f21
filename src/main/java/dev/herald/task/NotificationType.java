package dev.herald.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.channel.Channel;
import dev.herald.messaging.ChannelOptions;
import java.util.Map;

/**
 * What every row of a task is sent as: the channels in cascade order with their options, as in a message
 * group of {@code POST /api/v1/messages}, or a stored template. The file's columns follow from it.
 *
 * A {@code chat} channel without {@code chatId} sends into existing chat sessions (TWIN's advertising message):
 * each row of the file names its session in the {@code chatSessionId} column.
 *
 * @param useShortLinks SMS link shortening, as in a message group
 * @param category      the subscription category of every message (the contact policy applies it); null = none
 * @param critical      every message is critical (past caps and quiet hours, never an opt-out); null = not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationType(
        Map<String, ChannelOptions> channels,
        String templateId,
        String callbackUrl,
        String callbackData,
        Boolean useShortLinks,
        String category,
        Boolean critical) {

    /** A type of no category, not critical. */
    public NotificationType(Map<String, ChannelOptions> channels, String templateId, String callbackUrl,
                            String callbackData, Boolean useShortLinks) {
        this(channels, templateId, callbackUrl, callbackData, useShortLinks, null, null);
    }

    /** Whether each row goes into the chat session its file names, rather than starting one. */
    boolean intoChatSessions() {
        ChannelOptions chat = templateId != null || channels == null ? null : channels.get(Channel.CHAT.key());
        return chat != null && chat.chatId() == null;
    }

    /** The channels as one row sends them: into the session {@code chatSessionId}. */
    Map<String, ChannelOptions> channelsInto(String chatSessionId) {
        Map<String, ChannelOptions> own = new java.util.LinkedHashMap<>(channels);
        own.computeIfPresent(Channel.CHAT.key(), (key, options) -> options.withChatSessionId(chatSessionId));
        return own;
    }
}
