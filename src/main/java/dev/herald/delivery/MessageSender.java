package dev.herald.delivery;

import dev.herald.channel.ChannelProvider;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.RecipientBlockedEvent;
import dev.herald.channel.SendResult;
import dev.herald.db.RelaxedTransactions;
import dev.herald.provider.ProviderRegistry;
import dev.herald.support.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Works one SEND job: waits for the provider's rate limits, marks the message PENDING, hands it to its
 * provider outside any transaction, then records the attempt and its outcome and finishes or reschedules
 * the job in one transaction. A crash between the hand-over and the record means the job is sent again
 * after its lease (at-least-once). An accepted message gets an EXPIRE job for the end of its validity, unless
 * its provider never reports delivery.
 */
@Component
class MessageSender {

    private static final Logger log = LoggerFactory.getLogger(MessageSender.class);
    /** After the n-th attempt 2 s × 2^(n−1), capped at 10 min, of which a random 50–100 %. */
    private static final RetryPolicy RETRIES = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(10), 0.5);

    private final Messages messages;
    private final StatusUpdates updates;
    private final DeliveryReportReceiver reports;
    private final JobQueue queue;
    private final ProviderRegistry providers;
    private final DeliveryMetrics metrics;
    private final ApplicationEventPublisher events;
    private final RelaxedTransactions tx;
    private final RateLimits rateLimits;
    private final Flows flows;
    private final Clock clock;

    MessageSender(Messages messages, StatusUpdates updates, DeliveryReportReceiver reports, JobQueue queue,
                  ProviderRegistry providers, DeliveryMetrics metrics, ApplicationEventPublisher events,
                  RelaxedTransactions tx, RateLimits rateLimits, Flows flows, Clock clock) {
        this.rateLimits = rateLimits;
        this.flows = flows;
        this.clock = clock;
        this.messages = messages;
        this.updates = updates;
        this.reports = reports;
        this.queue = queue;
        this.providers = providers;
        this.metrics = metrics;
        this.events = events;
        this.tx = tx;
    }

    void process(Job job, String node) {
        Optional<MessageRow> found = messages.find(job.messageId()).filter(MessageSender::stillToSend);
        if (found.isEmpty() || found.get().status() == MessageStatus.PAUSED) {
            // A paused message gets a new job when it is resumed.
            queue.complete(job, node);
            return;
        }
        Optional<Duration> overLimit = awaitCapacity(found.get());
        if (overLimit.isPresent()) {
            putBack(job, node, found.get(), clock.instant().plus(overLimit.get()));
            return;
        }
        Optional<MessageRow> pending = tx.call(() -> startAttempt(job, node, found.get()));
        if (pending == null || pending.isEmpty()) {
            return;
        }
        MessageRow message = pending.get();
        ChannelProvider provider = providers.byName(message.provider());
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        SendResult result;
        try {
            result = provider.send(new OutboundMessage(message.id(), message.accountId(), message.channel(),
                    message.address(), message.content(), message.attempts(), message.addressSource()));
        } catch (RuntimeException e) {
            log.warn("Provider {} threw on message {} (account {}): {}", provider.name(), message.id(),
                    message.accountId(), e.toString());
            result = new SendResult.TransientFailure("Provider error: " + e, null);
        }
        metrics.handedOver(provider.name(), message.channel(), result, Duration.ofNanos(System.nanoTime() - started));
        SendResult outcome = result;
        boolean awaitReport = provider.reportsDelivery();
        tx.run(() -> finish(job, node, message, startedAt, outcome, awaitReport));
    }

    /**
     * Gives a job back to the queue for when capacity is expected, within the group's allowed time ranges; a
     * message that could not leave within its validity expires instead, so its cascade moves on.
     */
    private void putBack(Job job, String node, MessageRow message, Instant when) {
        Instant due = flows.load(message.flowId()).window().nextAllowed(when);
        if (due.isBefore(message.validUntil())) {
            queue.reschedule(job, node, due);
            return;
        }
        tx.run(() -> {
            updates.move(message.id(), MessageStatus.EXPIRED, new MessageError(MessageError.RETRIES_EXHAUSTED,
                    "The provider's rate limit left no capacity within the validity period"));
            queue.complete(job, node);
        });
    }

    private static boolean stillToSend(MessageRow message) {
        return message.status().isWaiting() || message.status() == MessageStatus.PENDING;
    }

    /** Waits for the provider's rate limits; a long wait is returned instead, to give the job back. */
    private Optional<Duration> awaitCapacity(MessageRow message) {
        try {
            return rateLimits.acquire(message.provider(), message.address());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Duration.ZERO);
        }
    }

    /**
     * Moves the message to PENDING in the same row lock that a cancel takes, so a message is either
     * cancelled or handed over, never both.
     *
     * @return the message to send, PENDING; empty when there is nothing (left) to send
     */
    private Optional<MessageRow> startAttempt(Job job, String node, MessageRow message) {
        if (message.status() == MessageStatus.PENDING) {
            // A retry, or the job of a node that died mid-send: the message stays PENDING.
            messages.countRetry(message.id());
            return messages.find(message.id());
        }
        Optional<MessageRow> pending = updates.move(message.id(), MessageStatus.PENDING, null);
        if (pending.isEmpty()) {
            queue.complete(job, node);
        }
        return pending;
    }

    private void finish(Job job, String node, MessageRow message, Instant startedAt, SendResult result,
                        boolean awaitReport) {
        switch (result) {
            case SendResult.Accepted accepted -> {
                messages.recordAttempt(message.id(), message.attempts(), node, startedAt, "ACCEPTED",
                        accepted.providerMessageId());
                reports.lock(message.provider(), accepted.providerMessageId());
                updates.sent(message.id(), accepted.providerMessageId(), accepted.partCount()).ifPresent(sent -> {
                    if (awaitReport) {
                        queue.enqueue(List.of(new JobQueue.NewJob(Job.Kind.EXPIRE, sent.id(), sent.validUntil())));
                    }
                    reports.applyEarly(sent, accepted.providerMessageId());
                });
                queue.complete(job, node);
            }
            case SendResult.TransientFailure failure -> {
                messages.recordAttempt(message.id(), message.attempts(), node, startedAt, "TRANSIENT_FAILURE",
                        failure.reason());
                // A retry is a new departure: it keeps to the group's allowed time ranges too.
                Instant retryAt = flows.load(message.flowId()).window()
                        .nextAllowed(clock.instant().plus(RETRIES.after(message.attempts(), failure.retryAfter())));
                if (retryAt.isBefore(message.validUntil())) {
                    queue.reschedule(job, node, retryAt);
                } else {
                    updates.move(message.id(), MessageStatus.EXPIRED, new MessageError(MessageError.RETRIES_EXHAUSTED,
                            "Not accepted within the validity period; last error: " + failure.reason()));
                    queue.complete(job, node);
                }
            }
            case SendResult.PermanentFailure failure -> {
                messages.recordAttempt(message.id(), message.attempts(), node, startedAt, "PERMANENT_FAILURE",
                        failure.reason());
                updates.move(message.id(), MessageStatus.FAILED, new MessageError(failure.code(), failure.reason()));
                queue.complete(job, node);
            }
            case SendResult.RecipientBlocked blocked -> {
                messages.recordAttempt(message.id(), message.attempts(), node, startedAt, "BLOCKED", blocked.reason());
                updates.move(message.id(), MessageStatus.FAILED, new MessageError(MessageError.BLOCKED, blocked.reason()));
                queue.complete(job, node);
                events.publishEvent(new RecipientBlockedEvent(message.accountId(), message.channel(),
                        message.provider(), message.address(), blocked.reason()));
            }
        }
    }
}
