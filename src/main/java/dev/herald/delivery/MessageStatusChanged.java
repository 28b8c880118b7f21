package dev.herald.delivery;

import dev.herald.channel.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * A message changed status; published in batches, as {@link MessageStatusChanges}. A message held back by the
 * contact's quiet hours is published too (to DELAYED, with the reason as {@code error}) with {@code heldUntil}, when
 * it is due again; {@code heldUntil} is null for every other change.
 */
public record MessageStatusChanged(
        UUID messageId,
        UUID accountId,
        UUID bulkId,
        UUID groupId,
        UUID flowId,
        Channel channel,
        MessageStatus oldStatus,
        MessageStatus newStatus,
        Integer partCount,
        String providerMessageId,
        MessageError error,
        Instant at,
        Instant heldUntil) {

    /** A change that is no hold. */
    public MessageStatusChanged(UUID messageId, UUID accountId, UUID bulkId, UUID groupId, UUID flowId, Channel channel,
                                MessageStatus oldStatus, MessageStatus newStatus, Integer partCount,
                                String providerMessageId, MessageError error, Instant at) {
        this(messageId, accountId, bulkId, groupId, flowId, channel, oldStatus, newStatus, partCount, providerMessageId,
                error, at, null);
    }
}
