package dev.herald.channel;

import java.util.UUID;

/**
 * A recipient blocked the sender on a channel (e.g. a Telegram user blocked the bot). Published inside the
 * transaction that failed the message; listeners that act on it (removing the contact's token) should use
 * {@code @TransactionalEventListener}.
 */
public record RecipientBlockedEvent(UUID accountId, Channel channel, String provider, String address, String reason) {}
