package dev.herald.delivery;

import dev.herald.channel.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A destination of an accepted request, ready to start.
 *
 * @param plan     every channel of the group in request order; steps without an address are skipped
 * @param contents the channel options to send on each channel
 * @param dueAt    when the first messages may leave (sendAt and the sending window applied)
 */
public record NewFlow(
        UUID id,
        UUID accountId,
        UUID bulkId,
        UUID groupId,
        int position,
        Map<String, Object> destination,
        List<PlannedChannel> plan,
        Map<Channel, Map<String, Object>> contents,
        Instant dueAt) {}
