package dev.herald.channel;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.LoggerFactory;

/**
 * A provider that delivers messages over one or more channels: the SPI every adapter (sandbox, SMPP, SMTP,
 * Telegram, ...) implements. {@code delivery.ProviderCall} times every call and records its outcome, so adapters
 * do not.
 * {@link #send} runs on a virtual thread and may block; it must return rather than throw for any failure
 * the provider reports, and should bound its own I/O with timeouts.
 */
public interface ChannelProvider {

    /** The name requests use in {@code channels.<channel>.provider} and messages record. */
    String name();

    boolean supports(Channel channel);

    SendResult send(OutboundMessage message);

    /**
     * Hands over several messages at once, e.g. a batch the dispatcher claimed together, and returns one result
     * per message, in their order. The default sends each on its own virtual thread, at once, and turns a throw
     * into a {@link SendResult.TransientFailure} of that message; a provider with a real batch API (or a cheaper
     * way to store many) overrides it. A throw out of this method fails the whole call transiently.
     */
    default List<SendResult> sendAll(List<OutboundMessage> messages) {
        if (messages.size() == 1) {
            return List.of(sendCaught(messages.getFirst()));
        }
        List<Future<SendResult>> results;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            results = messages.stream().map(m -> threads.submit(() -> sendCaught(m))).toList();
        }
        // Closing the executor waited for every send.
        return results.stream().map(Future::resultNow).toList();
    }

    private SendResult sendCaught(OutboundMessage message) {
        try {
            return send(message);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ChannelProvider.class).warn("Provider {} threw on message {} (account {}): {}",
                    name(), message.messageId(), message.accountId(), e.toString());
            return new SendResult.TransientFailure("Provider error: " + e, null);
        }
    }

    /**
     * Whether the service reports what became of an accepted message. When it never does (SMTP, Telegram,
     * FCM, Web Push), an accepted message stays SENT for good, which ends its cascade, instead of expiring at
     * the end of its validity period and moving on to the next channel.
     */
    default boolean reportsDelivery() {
        return true;
    }
}
