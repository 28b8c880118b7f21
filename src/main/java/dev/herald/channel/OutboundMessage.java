package dev.herald.channel;

import java.util.Map;
import java.util.UUID;

/**
 * One message to hand to a provider.
 *
 * @param content the channel options of the request as sent (text, from, subject, html, ...), by request field name
 * @param attempt 1 for the first hand-over, then counting retries
 */
public record OutboundMessage(
        UUID messageId,
        UUID accountId,
        Channel channel,
        String address,
        Map<String, Object> content,
        int attempt) {

    public String text() {
        return string("text");
    }

    public String string(String field) {
        Object value = content.get(field);
        return value == null ? null : value.toString();
    }
}
