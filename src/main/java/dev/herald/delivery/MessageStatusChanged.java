package dev.herald.delivery;

import dev.herald.channel.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * A message changed status. Published synchronously inside the transaction that made the change, so a
 * listener that writes (e.g. the callback outbox) commits or rolls back with it.
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
        Instant at) {}
