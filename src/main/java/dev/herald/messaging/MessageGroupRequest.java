package dev.herald.messaging;

import java.util.List;
import java.util.Map;

/**
 * One message group: the channels (in cascade order) and the destinations to send them to.
 *
 * @param sendAt            when to send: ISO-8601 with an offset, or without one in {@code timeZone}, else the
 *                          account's zone (see {@link SendAt})
 * @param allowedTimeRanges local times at which messages may leave, e.g. {@code [["09:00","21:00"]]}
 * @param timeZone          the zone of {@code allowedTimeRanges}; the account's when absent
 * @param priority          {@code transactional} or {@code bulk} (any case); absent = transactional when the
 *                          request has at most 100 destinations, else bulk
 * @param category          the subscription category the messages belong to (its key); absent = transactional,
 *                          which only an opt-out of a whole channel stops (see docs/contacts.md#contact-policy)
 * @param critical          one-time codes, security notices: past frequency caps and quiet hours, never an opt-out
 * @param cascade           {@code cheapest} or {@code fastest}: Herald orders the channels for each destination
 *                          (see docs/providers.md#the-cascade-planner); absent = the order given
 */
public record MessageGroupRequest(
        Map<String, ChannelOptions> channels,
        String templateId,
        List<DestinationRequest> destinations,
        String callbackUrl,
        String callbackData,
        String sendAt,
        List<List<String>> allowedTimeRanges,
        String timeZone,
        Boolean useShortLinks,
        String idempotencyKey,
        String priority,
        String category,
        Boolean critical,
        String cascade) {

    /** A group in the channels' own order. */
    public MessageGroupRequest(Map<String, ChannelOptions> channels, String templateId,
                               List<DestinationRequest> destinations, String callbackUrl, String callbackData,
                               String sendAt, List<List<String>> allowedTimeRanges, String timeZone,
                               Boolean useShortLinks, String idempotencyKey, String priority, String category,
                               Boolean critical) {
        this(channels, templateId, destinations, callbackUrl, callbackData, sendAt, allowedTimeRanges, timeZone,
                useShortLinks, idempotencyKey, priority, category, critical, null);
    }

    /** A group of no category, not critical. */
    public MessageGroupRequest(Map<String, ChannelOptions> channels, String templateId,
                               List<DestinationRequest> destinations, String callbackUrl, String callbackData,
                               String sendAt, List<List<String>> allowedTimeRanges, String timeZone,
                               Boolean useShortLinks, String idempotencyKey, String priority) {
        this(channels, templateId, destinations, callbackUrl, callbackData, sendAt, allowedTimeRanges, timeZone,
                useShortLinks, idempotencyKey, priority, null, null, null);
    }

    /** This group with other channels (e.g. those of its template). */
    public MessageGroupRequest withChannels(Map<String, ChannelOptions> newChannels) {
        return new MessageGroupRequest(newChannels, templateId, destinations, callbackUrl, callbackData, sendAt,
                allowedTimeRanges, timeZone, useShortLinks, idempotencyKey, priority, category, critical, cascade);
    }
}
