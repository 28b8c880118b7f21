package dev.herald.channel;

import java.time.Duration;

/** What a provider said when a message was handed to it. */
public sealed interface SendResult {

    /**
     * The provider took the message; delivery reports may follow through {@link DeliveryReports}.
     *
     * @param delivered the acceptance is the last word the provider will ever give, so the message counts as
     *                  DELIVERED at once (SMTP: the mail server took it and no receipt follows). Otherwise it
     *                  stays SENT until a report comes, and EXPIRES into the next channel if none does.
     */
    record Accepted(String providerMessageId, int partCount, boolean delivered) implements SendResult {

        public Accepted(String providerMessageId, int partCount) {
            this(providerMessageId, partCount, false);
        }

        /** Acceptance that is as delivered as Herald can know (see {@link #delivered()}). */
        public static Accepted asDelivered(String providerMessageId, int partCount) {
            return new Accepted(providerMessageId, partCount, true);
        }
    }

    /** Worth trying again later (timeout, connection refused, 5xx, throttling); {@code retryAfter} may be null. */
    record TransientFailure(String reason, Duration retryAfter) implements SendResult {}

    /** Will never succeed for this message (bad address, rejected content); the cascade moves on at once. */
    record PermanentFailure(String code, String reason) implements SendResult {}

    /** The recipient blocked the sender (e.g. a Telegram user blocked the bot). */
    record RecipientBlocked(String reason) implements SendResult {}
}
