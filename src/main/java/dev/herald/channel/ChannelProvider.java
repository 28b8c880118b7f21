package dev.herald.channel;

/**
 * A provider that delivers messages over one or more channels: the SPI every adapter (sandbox, SMPP, SMTP,
 * Telegram, ...) implements. The dispatcher times every call and records its outcome, so adapters do not.
 * {@link #send} runs on a virtual thread and may block; it must return rather than throw for any failure
 * the provider reports, and should bound its own I/O with timeouts.
 */
public interface ChannelProvider {

    /** The name requests use in {@code channels.<channel>.provider} and messages record. */
    String name();

    boolean supports(Channel channel);

    SendResult send(OutboundMessage message);

    /**
     * Whether the provider reports what became of a message it accepted (receipts, webhooks). A message of a
     * provider that never does (FCM, Web Push) stays SENT once accepted: it does not EXPIRE at the end of its
     * validity, so the cascade does not fall over to the next channel after the message was handed over.
     */
    default boolean reportsDelivery() {
        return true;
    }
}
