package dev.herald.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.delivery.MessageError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A message as the API shows it. {@code destination} is the address it was sent to; {@code history} (only
 * on a single message) lists every status change with its time, oldest first; {@code cascadePlan} (only on a
 * single message whose group asked for a {@code cascade}) is the order its flow's channels were planned in and why.
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
        @JsonInclude(JsonInclude.Include.NON_NULL) List<StatusChange> history,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> cascadePlan) {

    /** A message as lists show it, without its history and plan. */
    public MessageView(UUID id, UUID bulkId, UUID groupId, UUID flowId, String channel, String status, int statusCode,
                       String provider, String providerMessageId, String destination, Integer partCount, int attempts,
                       MessageError error, String callbackData, Instant createdAt, Instant updatedAt, Instant sentAt,
                       Instant deliveredAt, List<StatusChange> history) {
        this(id, bulkId, groupId, flowId, channel, status, statusCode, provider, providerMessageId, destination,
                partCount, attempts, error, callbackData, createdAt, updatedAt, sentAt, deliveredAt, history, null);
    }

    /** One entry of a message's status history. */
    public record StatusChange(String status, int statusCode, MessageError error, Instant at) {}

    MessageView withHistory(List<StatusChange> changes) {
        return new MessageView(id, bulkId, groupId, flowId, channel, status, statusCode, provider, providerMessageId,
                destination, partCount, attempts, error, callbackData, createdAt, updatedAt, sentAt, deliveredAt, changes,
                cascadePlan);
    }

    MessageView withCascadePlan(Map<String, Object> plan) {
        return new MessageView(id, bulkId, groupId, flowId, channel, status, statusCode, provider, providerMessageId,
                destination, partCount, attempts, error, callbackData, createdAt, updatedAt, sentAt, deliveredAt, history,
                plan);
    }
}
