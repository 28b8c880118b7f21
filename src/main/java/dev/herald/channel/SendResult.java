package dev.herald.channel;

import java.time.Duration;

/** What a provider said when a message was handed to it. */
public sealed interface SendResult {

    /** The provider took the message; delivery reports may follow through {@link DeliveryReports}. */
    record Accepted(String providerMessageId, int partCount) implements SendResult {}

    /** Worth trying again later (timeout, connection refused, 5xx, throttling); {@code retryAfter} may be null. */
    record TransientFailure(String reason, Duration retryAfter) implements SendResult {}

    /** Will never succeed for this message (bad address, rejected content); the cascade moves on at once. */
    record PermanentFailure(String code, String reason) implements SendResult {}

    /** The recipient blocked the sender (e.g. a Telegram user blocked the bot). */
    record RecipientBlocked(String reason) implements SendResult {}
}
