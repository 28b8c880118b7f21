package dev.herald.delivery;

import dev.herald.channel.Channel;
import java.util.UUID;

/** How a flow started: its first message (the one a send response names) and that message's status. */
public record StartedFlow(UUID flowId, UUID firstMessageId, Channel channel, MessageStatus status, MessageError error) {}
