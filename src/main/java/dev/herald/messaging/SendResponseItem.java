package dev.herald.messaging;

import dev.herald.delivery.MessageError;
import java.util.UUID;

/** One destination's answer to a send request, in request order. */
public record SendResponseItem(
        UUID id,
        UUID bulkId,
        UUID groupId,
        UUID flowId,
        String status,
        String channel,
        MessageError error) {}
