package dev.herald.delivery;

import dev.herald.channel.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A destination of an accepted request, ready to start.
 *
 * @param plan        every channel of the group in request order; steps without an address are skipped
 * @param contents    the channel options to send on each channel
 * @param ownContents whether {@code contents} are this destination's own (a rendered template, its short
 *                    links) rather than the group's, so the flow keeps them for its later cascade steps
 * @param failure     why this destination cannot be sent at all (e.g. a template variable it lacks), or null;
 *                    a failed destination gets one FAILED message and starts nothing
 * @param dueAt       when the first messages may leave (sendAt and the sending window applied)
 * @param priority    the lane its messages are claimed in, through its whole cascade
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
        boolean ownContents,
        MessageError failure,
        Instant dueAt,
        Priority priority) {

    /** A destination that sends the group's contents, in the given lane. */
    public NewFlow(UUID id, UUID accountId, UUID bulkId, UUID groupId, int position, Map<String, Object> destination,
                   List<PlannedChannel> plan, Map<Channel, Map<String, Object>> contents, Instant dueAt,
                   Priority priority) {
        this(id, accountId, bulkId, groupId, position, destination, plan, contents, false, null, dueAt, priority);
    }

    /** This flow sending its own contents over the given plan. */
    public NewFlow withOwnContents(List<PlannedChannel> newPlan, Map<Channel, Map<String, Object>> own) {
        return new NewFlow(id, accountId, bulkId, groupId, position, destination, newPlan, own, true, failure, dueAt,
                priority);
    }

    /** This flow failing at once with {@code error}. */
    public NewFlow failed(MessageError error) {
        return new NewFlow(id, accountId, bulkId, groupId, position, destination, plan, contents, ownContents, error,
                dueAt, priority);
    }
}
