package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.channel.ConnectionKey;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import dev.herald.chat.Chat;
import dev.herald.delivery.ProviderCall;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands a session's outgoing lines to the messenger connection of its chat, through the same provider
 * adapters messages use. The sandbox messenger needs no hand-over: its lines are stored as sent.
 */
@Component
class MessengerDelivery {

    private static final Logger log = LoggerFactory.getLogger(MessengerDelivery.class);

    // Looked up when first used: the outbound path's registry holds the chat provider, which depends on this.
    private final ObjectProvider<ProviderCall> outbound;

    MessengerDelivery(ObjectProvider<ProviderCall> outbound) {
        this.outbound = outbound;
    }

    /**
     * Sends one line to the client; never throws. The content carries {@code text}, {@code buttons}
     * ({@code [{"text", "value"}]}, for adapters that show reply buttons) and the line's extra fields.
     */
    SendResult deliver(AccountId account, Chat.Messenger messenger, String address, Transcript.Line line, int attempt) {
        ConnectionKey key = new ConnectionKey(messenger.connectionId().orElseThrow());
        Map<String, Object> content = new LinkedHashMap<>(line.extra());
        content.put("text", line.text());
        if (!line.buttons().isEmpty()) {
            content.put("buttons", line.buttons().stream()
                    .map(b -> {
                        Map<String, String> button = new LinkedHashMap<>();
                        button.put("text", b.text());
                        button.put("value", b.answer());
                        return button;
                    })
                    .toList());
        }
        OutboundMessage message = new OutboundMessage(line.id(), account.value(),
                messenger.messengerType().channel().orElseThrow(), address, content, attempt);
        try {
            return handOver(key, message);
        } catch (RuntimeException e) {
            log.warn("Chat line {} of session {} (account {}) could not be handed to {}: {}", line.id(),
                    line.sessionId(), account, key, e.toString());
            return new SendResult.TransientFailure("Messenger error: " + e, null);
        }
    }

    /**
     * The one place a chat reply reaches its provider: through the engine's outbound path, so that replies and
     * messages share a connection's rate limits and its call metrics. A reply the limits hold back is a transient
     * failure due again when capacity is expected; the reply queue retries it then.
     */
    private SendResult handOver(ConnectionKey key, OutboundMessage message) {
        ProviderCall call = outbound.getObject();
        Optional<Duration> overLimit = call.admit(key.toString(), message.address());
        if (overLimit.isPresent()) {
            return new SendResult.TransientFailure("The connection's rate limit has no capacity now", overLimit.get());
        }
        return call.call(key.toString(), message);
    }
}
