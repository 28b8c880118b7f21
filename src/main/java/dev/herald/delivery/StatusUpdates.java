package dev.herald.delivery;

import dev.herald.routing.DeliveryRates;
import dev.herald.support.tracing.MessageTraces;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Applies status changes to messages, publishes them ({@link MessageStatusChanges}) and lets their flows follow.
 * Call inside a transaction. The batch forms take their messages' flow locks first, in id order.
 */
@Component
class StatusUpdates {

    private final Messages messages;
    private final Cascade cascade;
    private final DeliveryMetrics metrics;
    private final ApplicationEventPublisher events;
    private final DeliveryRates rates;
    private final Clock clock;
    private final MessageTraces traces;

    StatusUpdates(Messages messages, Cascade cascade, DeliveryMetrics metrics, ApplicationEventPublisher events,
                  DeliveryRates rates, Clock clock, MessageTraces traces) {
        this.traces = traces;
        this.messages = messages;
        this.cascade = cascade;
        this.metrics = metrics;
        this.events = events;
        this.rates = rates;
        this.clock = clock;
    }

    Optional<MessageRow> move(UUID messageId, MessageStatus next, MessageError error) {
        return messages.transition(messageId, next, error).map(change -> followed(List.of(change)).getFirst());
    }

    /**
     * Locks the flows of these messages in id order. The batch forms below expect it: call it once, first in the
     * transaction, for every message the transaction will change, so that all its flow locks are taken in order.
     */
    void lockFlows(List<UUID> messageIds) {
        messages.lockFlows(messageIds);
    }

    /**
     * As {@link #lockFlows}, in the transaction that records SENT for messages awaiting a report ({@link #sentAll}):
     * also holds the expiry floor, so that their {@code expires_at} is never below what the expiry sweep has passed.
     */
    void lockFlowsToRecordSent(List<UUID> messageIds) {
        messages.lockFlowsHoldingExpiryFloor(messageIds);
    }

    /** Applies every change its message's status allows, in one statement per distinct status. */
    List<MessageRow> moveAll(List<Messages.Change> changes) {
        return moveAll(changes, null);
    }

    /** As {@link #moveAll(List)}, only for messages now in one of {@code onlyFrom}. */
    List<MessageRow> moveAll(List<Messages.Change> changes, Set<MessageStatus> onlyFrom) {
        if (changes.isEmpty()) {
            return List.of();
        }
        return followed(messages.transitionAll(changes, onlyFrom));
    }

    /**
     * Marks a batch PENDING for its hand-over (see {@link Messages#startAll}). Their flows follow when the
     * hand-over ends (SENT, FAILED, or PENDING while a retry waits): one flow update per hand-over, not two.
     */
    List<Messages.Started> startAll(List<UUID> ids, String node) {
        List<Messages.Started> started = messages.startAll(ids, node);
        // A retry stays PENDING: nothing changed that anyone is told about.
        publish(started.stream().map(Messages.Started::change).filter(c -> c.from() != MessageStatus.PENDING).toList());
        return started;
    }

    /** Records SENT for accepted messages; call after {@link #lockFlowsToRecordSent}. */
    List<MessageRow> sentAll(List<Messages.Sent> sent) {
        return followed(messages.markSentAll(sent));
    }

    /** Why a message is held back, and until when. */
    record Hold(MessageError reason, Instant until) {}

    /**
     * Holds messages back (see {@link Messages#holdAll}); those held by quiet hours are published as a change to
     * DELAYED with the reason and the time they are due again, so their callbacks say so. A balance-limit hold is
     * not: it is looked at again every few minutes, and would repeat itself.
     */
    void holdAll(Map<UUID, Hold> holds) {
        Map<UUID, MessageError> reasons = new HashMap<>();
        holds.forEach((id, hold) -> reasons.put(id, hold.reason()));
        Instant now = clock.instant();
        List<MessageStatusChanged> published = messages.holdAll(reasons).stream()
                .filter(t -> MessageError.QUIET_HOURS.equals(holds.get(t.message().id()).reason().code()))
                .map(t -> {
                    MessageRow m = t.message();
                    Hold hold = holds.get(m.id());
                    return new MessageStatusChanged(m.id(), m.accountId(), m.bulkId(), m.groupId(), m.flowId(),
                            m.channel(), t.from(), m.status(), m.partCount(), m.providerMessageId(), hold.reason(), now,
                            hold.until());
                })
                .toList();
        if (!published.isEmpty()) {
            events.publishEvent(new MessageStatusChanges(published));
        }
    }

    /** Messages that stay PENDING for a retry: their flows are PENDING too. */
    void followPending(List<MessageRow> pending) {
        cascade.onStatusChanges(pending);
    }

    private List<MessageRow> followed(List<Messages.Transition> changes) {
        publish(changes);
        List<MessageRow> moved = changes.stream().map(Messages.Transition::message).toList();
        cascade.onStatusChanges(moved);
        return moved;
    }

    private void publish(List<Messages.Transition> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<MessageStatusChanged> published = changes.stream().map(change -> {
            MessageRow message = change.message();
            metrics.status(message.channel(), message.status());
            if (traces.enabled()) {
                // A point in the message's trace: SENT after the send, DELIVERED etc. when a report is applied.
                traces.start(message.id(), "herald.status", SpanKind.INTERNAL)
                        .setAttribute("herald.status", message.status().name())
                        .setAttribute("herald.status.from", change.from().name()).end();
            }
            return new MessageStatusChanged(message.id(), message.accountId(), message.bulkId(), message.groupId(),
                    message.flowId(), message.channel(), change.from(), message.status(), message.partCount(),
                    message.providerMessageId(), message.error(), now);
        }).toList();
        events.publishEvent(new MessageStatusChanges(published));
        // A delivery report of a sent message counts in its connection's live delivery rate.
        rates.recordAll(changes.stream()
                .filter(c -> c.from() == MessageStatus.SENT
                        && (c.message().status().isSuccess() || c.message().status() == MessageStatus.UNDELIVERED))
                .map(c -> new DeliveryRates.Reported(c.message().accountId(), c.message().provider(),
                        c.message().address(), c.message().status().isSuccess()))
                .toList());
    }
}
