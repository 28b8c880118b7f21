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
     * Whether the service reports what became of an accepted message. When it never does (SMTP, Telegram,
     * FCM, Web Push), an accepted message stays SENT for good, which ends its cascade, instead of expiring at
     * the end of its validity period and moving on to the next channel.
     */
    default boolean reportsDelivery() {
        return true;
    }
}
