package dev.herald.task;

import dev.herald.messaging.ChannelOptions;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/tasks}: a name, the notification type (channels as in a message group, or a
 * {@code templateId}), the allowed sending hours and an optional rate.
 *
 * @param ratePerMinute at most this many rows a minute are handed to delivery; none = as fast as delivery takes them
 * @param allOrNothing  refuse the whole file when any row has an error, instead of sending the valid rows
 * @param category      the subscription category of the task's messages (a key of the account's), so that contacts
 *                      who opted out of it are not sent them; absent = transactional
 * @param critical      one-time codes, security notices: past frequency caps and quiet hours, never an opt-out
 */
public record CreateTaskRequest(
        String name,
        Map<String, ChannelOptions> channels,
        String templateId,
        String callbackUrl,
        String callbackData,
        Boolean useShortLinks,
        List<List<String>> allowedTimeRanges,
        String timeZone,
        Integer ratePerMinute,
        Boolean allOrNothing,
        String category,
        Boolean critical) {

    /** A task of no category, not critical. */
    public CreateTaskRequest(String name, Map<String, ChannelOptions> channels, String templateId, String callbackUrl,
                             String callbackData, Boolean useShortLinks, List<List<String>> allowedTimeRanges,
                             String timeZone, Integer ratePerMinute, Boolean allOrNothing) {
        this(name, channels, templateId, callbackUrl, callbackData, useShortLinks, allowedTimeRanges, timeZone,
                ratePerMinute, allOrNothing, null, null);
    }
}
