package dev.herald.delivery;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Applies a status change to a message, publishes {@link MessageStatusChanged} and lets its flow follow.
 * Call inside a transaction.
 */
@Component
class StatusUpdates {

    private final Messages messages;
    private final Cascade cascade;
    private final DeliveryMetrics metrics;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final JobQueue queue;

    StatusUpdates(Messages messages, Cascade cascade, DeliveryMetrics metrics, ApplicationEventPublisher events,
                  Clock clock, JobQueue queue) {
        this.queue = queue;
        this.messages = messages;
        this.cascade = cascade;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    Optional<MessageRow> move(UUID messageId, MessageStatus next, MessageError error) {
        return messages.transition(messageId, next, error).map(this::followed);
    }

    Optional<MessageRow> sent(UUID messageId, String providerMessageId, int partCount) {
        return messages.markSent(messageId, providerMessageId, partCount).map(this::followed);
    }

    private MessageRow followed(Messages.Transition change) {
        MessageRow message = change.message();
        metrics.status(message.channel(), message.status());
        events.publishEvent(new MessageStatusChanged(message.id(), message.accountId(), message.bulkId(),
                message.groupId(), message.flowId(), message.channel(), change.from(), message.status(),
                message.partCount(), message.providerMessageId(), message.error(), clock.instant()));
        if (message.status().isFinal()) {
            queue.delete(message.id(), Job.Kind.EXPIRE);
        }
        cascade.onStatusChange(message);
        return message;
    }
}
