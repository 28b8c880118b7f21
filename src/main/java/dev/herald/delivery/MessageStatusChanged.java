package dev.herald.delivery;

import dev.herald.channel.Channel;
import java.time.Instant;
import java.util.UUID;

/** A message changed status; published in batches, as {@link MessageStatusChanges}. */
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
        Instant at) {}
