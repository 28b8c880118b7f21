package dev.herald.link;

import dev.herald.channel.Channel;
import java.util.UUID;

/** A short link made for a destination's text at intake, stored with its flow. */
public record NewShortLink(String code, UUID accountId, UUID flowId, Channel channel, String url) {}
