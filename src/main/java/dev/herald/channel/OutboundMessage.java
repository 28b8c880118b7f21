package dev.herald.channel;

import dev.herald.channel.sms.SmsText;
import java.util.Map;
import java.util.UUID;

/**
 * One message to hand to a provider.
 *
 * @param content       the channel options of the request as sent (text, from, subject, html, ...), by request field name
 * @param attempt       1 for the first hand-over, then counting retries
 * @param addressSource which destination field gave {@code address}; null when not known (a message stored before
 *                      Herald recorded it, or a chat reply, which goes to the messenger user that wrote)
 * @param smsParts      how many SMS parts {@code text} takes (see {@link SmsText}); 1 for other channels
 */
public record OutboundMessage(
        UUID messageId,
        UUID accountId,
        Channel channel,
        String address,
        Map<String, Object> content,
        int attempt,
        AddressSource addressSource,
        int smsParts) {

    /** A message whose SMS part count is worked out from its text. */
    public OutboundMessage(UUID messageId, UUID accountId, Channel channel, String address, Map<String, Object> content,
                           int attempt, AddressSource addressSource) {
        this(messageId, accountId, channel, address, content, attempt, addressSource, partsOf(channel, content));
    }

    /** A message whose address's source is not known. */
    public OutboundMessage(UUID messageId, UUID accountId, Channel channel, String address, Map<String, Object> content,
                           int attempt) {
        this(messageId, accountId, channel, address, content, attempt, null);
    }

    public String text() {
        return string("text");
    }

    public String string(String field) {
        Object value = content.get(field);
        return value == null ? null : value.toString();
    }

    private static int partsOf(Channel channel, Map<String, Object> content) {
        Object text = content.get("text");
        return channel == Channel.SMS ? SmsText.of(text == null ? null : text.toString()).partCount() : 1;
    }
}
