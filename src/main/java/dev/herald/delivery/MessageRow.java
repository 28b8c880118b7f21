package dev.herald.delivery;

import dev.herald.channel.AddressSource;
import dev.herald.channel.Channel;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A message as the delivery engine sees it.
 *
 * @param addressSource which destination field gave {@code address}; null for messages stored before Herald
 *                      recorded it
 */
record MessageRow(
        UUID id,
        UUID accountId,
        UUID bulkId,
        UUID groupId,
        UUID flowId,
        int planIndex,
        Channel channel,
        boolean required,
        boolean decidesFlow,
        String provider,
        String address,
        AddressSource addressSource,
        Map<String, Object> content,
        MessageStatus status,
        MessageError error,
        String providerMessageId,
        Integer partCount,
        int attempts,
        Instant validUntil,
        Priority lane) {}
