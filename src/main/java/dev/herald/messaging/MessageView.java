package dev.herald.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.delivery.MessageError;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as the API shows it. {@code destination} is the address it was sent to; {@code history} (only
 * on a single message) lists every status change with its time, oldest first.
 */
public record MessageView(
        UUID id,
        UUID bulkId,
        UUID groupId,
        UUID flowId,
        String channel,
        String status,
        int statusCode,
        String provider,
        String providerMessageId,
        String destination,
        Integer partCount,
        int attempts,
        MessageError error,
        String callbackData,
        Instant createdAt,
        Instant updatedAt,
        Instant sentAt,
        Instant deliveredAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<StatusChange> history) {

    /** One entry of a message's status history. */
    public record StatusChange(String status, int statusCode, MessageError error, Instant at) {}

    MessageView withHistory(List<StatusChange> changes) {
        return new MessageView(id, bulkId, groupId, flowId, channel, status, statusCode, provider, providerMessageId,
                destination, partCount, attempts, error, callbackData, createdAt, updatedAt, sentAt, deliveredAt, changes);
    }
}
