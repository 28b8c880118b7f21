package dev.herald.callback;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.herald.delivery.MessageError;
import dev.herald.delivery.MessageStatusChanged;
import java.util.UUID;

/** The JSON body of one status callback, as documented in {@code docs/api.md#callbacks}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "bulkId", "groupId", "flowId", "channel", "oldStatus", "newStatus", "oldStatusCode",
        "newStatusCode", "partCount", "providerMessageId", "error", "callbackData", "at", "heldUntil"})
record CallbackPayload(
        UUID id,
        UUID bulkId,
        UUID groupId,
        UUID flowId,
        String channel,
        String oldStatus,
        String newStatus,
        int oldStatusCode,
        int newStatusCode,
        Integer partCount,
        String providerMessageId,
        MessageError error,
        String callbackData,
        String at,
        // Only on a hold (quiet hours): when the message is due again; absent from every other callback.
        @JsonInclude(JsonInclude.Include.NON_NULL) String heldUntil) {

    static CallbackPayload of(MessageStatusChanged change, String callbackData) {
        return new CallbackPayload(change.messageId(), change.bulkId(), change.groupId(), change.flowId(),
                change.channel().name(), change.oldStatus().name(), change.newStatus().name(),
                change.oldStatus().code(), change.newStatus().code(), change.partCount(), change.providerMessageId(),
                change.error(), callbackData, change.at().toString(),
                change.heldUntil() == null ? null : change.heldUntil().toString());
    }
}
