package dev.herald.delivery;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Applies a status change to a message and lets its flow follow. Call inside a transaction. */
@Component
class StatusUpdates {

    private final Messages messages;
    private final Cascade cascade;
    private final DeliveryMetrics metrics;

    StatusUpdates(Messages messages, Cascade cascade, DeliveryMetrics metrics) {
        this.messages = messages;
        this.cascade = cascade;
        this.metrics = metrics;
    }

    Optional<MessageRow> move(UUID messageId, MessageStatus next, MessageError error) {
        Optional<MessageRow> moved = messages.transition(messageId, next, error);
        moved.ifPresent(this::followed);
        return moved;
    }

    Optional<MessageRow> sent(UUID messageId, String providerMessageId, int partCount) {
        Optional<MessageRow> sent = messages.markSent(messageId, providerMessageId, partCount);
        sent.ifPresent(this::followed);
        return sent;
    }

    private void followed(MessageRow message) {
        metrics.status(message.channel(), message.status());
        cascade.onStatusChange(message);
    }
}
