package dev.herald.delivery;

import dev.herald.channel.OutboundMessage;
import dev.herald.channel.RecipientBlockedEvent;
import dev.herald.channel.SendResult;
import dev.herald.db.EnginePool;
import dev.herald.db.RelaxedTransactions;
import dev.herald.routing.Balances;
import dev.herald.routing.Prices;
import dev.herald.routing.ReportWatch;
import dev.herald.routing.RoutedHandOver;
import dev.herald.support.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Works a claimed batch of jobs in three stages, set-based, so that a batch costs a constant number of statements
 * whatever its size:
 * <ol>
 *   <li>one transaction: the batch's flows locked in id order, the waiting messages moved to PENDING (a retry
 *       counts an attempt), each attempt recorded as STARTED, their status events and callbacks; what a rate limit
 *       holds back put back (or expired, when it could not leave within its validity), what is no longer to send
 *       (cancelled, paused, done) dropped;</li>
 *   <li>no transaction: the messages handed to their providers, each provider's share in one call, all providers at
 *       once, through {@link ProviderCall};</li>
 *   <li>one transaction: the outcomes (SENT with the providers' ids, FAILED, retries rescheduled with backoff inside
 *       the sending window, RETRIES_EXHAUSTED), the attempts finished, events and callbacks, flow statuses, the
 *       jobs finished or rescheduled, and the delivery reports that overtook the batch applied.</li>
 * </ol>
 * A message is cancelled or handed over, never both: stage 1 takes the flow and message locks a cancel takes, and
 * only moves waiting messages. A crash between stages 1 and 3 leaves the messages PENDING with a STARTED attempt;
 * their jobs are claimed again when the lease runs out, and sent again (at-least-once).
 */
@Component
class BatchSender {

    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);
    /** After the n-th attempt 2 s × 2^(n−1), capped at 10 min, of which a random 50–100 %. */
    private static final RetryPolicy RETRIES = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(10), 0.5);
    /** How long a batch waits for its rate limits' answers before the ones still waiting go alone. */
    private static final Duration AT_ONCE = Duration.ofMillis(50);

    private final Messages messages;
    private final StatusUpdates updates;
    private final DeliveryReportReceiver reports;
    private final JobQueue queue;
    private final ProviderCall providers;
    private final ApplicationEventPublisher events;
    private final RelaxedTransactions tx;
    private final Flows flows;
    private final ReportWatch reportWatch;
    private final Prices prices;
    private final Clock clock;
    private final ObjectProvider<ContactPolicy> policy;
    private final Balances balances;

    BatchSender(Messages messages, StatusUpdates updates, DeliveryReportReceiver reports, JobQueue queue,
                ProviderCall providers, ApplicationEventPublisher events, RelaxedTransactions tx, Flows flows,
                ReportWatch reportWatch, Prices prices, Clock clock, ObjectProvider<ContactPolicy> policy,
                Balances balances) {
        this.policy = policy;
        this.balances = balances;
        this.messages = messages;
        this.updates = updates;
        this.reports = reports;
        this.queue = queue;
        this.providers = providers;
        this.events = events;
        this.tx = tx;
        this.flows = flows;
        this.reportWatch = reportWatch;
        this.prices = prices;
        this.clock = clock;
    }

    void send(List<Job> jobs, String node) {
        Map<UUID, Job> jobOf = new LinkedHashMap<>();
        jobs.forEach(job -> jobOf.put(job.messageId(), job));
        List<Long> drop = new ArrayList<>();
        List<MessageRow> toSend = new ArrayList<>();
        Map<UUID, MessageRow> found = new HashMap<>();
        messages.findAll(jobOf.keySet()).forEach(m -> found.put(m.id(), m));
        for (Job job : jobs) {
            MessageRow message = found.get(job.messageId());
            // A paused message gets a new job when it is resumed.
            if (message == null || !stillToSend(message) || message.status() == MessageStatus.PAUSED) {
                drop.add(job.id());
            } else {
                toSend.add(message);
            }
        }
        Judged judged = judge(toSend);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<MessageRow, CompletableFuture<Optional<Duration>>> admissions = new LinkedHashMap<>();
            toSend.forEach(m -> admissions.put(m,
                    CompletableFuture.supplyAsync(() -> EnginePool.call(() -> providers.admit(m.provider(), m.address())),
                            threads)));
            awaitQuietly(admissions.values());
            // What the rate limits decided at once goes together; a message a limit made wait goes alone when its
            // turn comes, so that the spacing the limit asked for reaches the provider (not one burst at the end).
            // Each admission is looked at once: one that finishes while this runs is still either here or late.
            Map<MessageRow, Duration> held = new HashMap<>();
            List<MessageRow> admitted = new ArrayList<>();
            admissions.forEach((message, admission) -> {
                if (admission.isDone()) {
                    admission.join().ifPresentOrElse(wait -> held.put(message, wait), () -> admitted.add(message));
                } else {
                    threads.submit(() -> EnginePool.run(() -> {
                        try {
                            admission.join().ifPresentOrElse(
                                    wait -> sendNow(List.of(), Map.of(message, wait), List.of(), jobOf, node, judged.marksOnly()),
                                    () -> sendNow(List.of(message), Map.of(), List.of(), jobOf, node, judged.marksOnly()));
                        } catch (RuntimeException e) {
                            // Its job stays claimed: another claim takes it up when the lease runs out.
                            log.warn("Message {} (account {}) could not be handed over after its rate-limit wait: {}",
                                    message.id(), message.accountId(), e.toString());
                        }
                    }));
                }
            });
            sendNow(admitted, held, drop, jobOf, node, judged);
        }
    }

    /**
     * What the contact policy said about the batch: refused and held messages (taken out of {@code toSend}, so
     * they use no rate-limit capacity) and extra options for the ones that go.
     */
    private record Judged(List<Messages.Change> refused, Map<MessageRow, ContactPolicy.Held> held,
                          Map<UUID, Map<String, Object>> marks) {

        Judged marksOnly() {
            return new Judged(List.of(), Map.of(), marks);
        }
    }

    /** Asks the contact policy about the whole batch at once (see {@link ContactPolicy}). */
    private Judged judge(List<MessageRow> toSend) {
        ContactPolicy judge = policy.getIfAvailable(() -> ContactPolicy.NONE);
        Map<UUID, ContactPolicy.Verdict> verdicts = toSend.isEmpty() ? Map.of() : new HashMap<>(judge.judge(toSend.stream()
                .map(m -> new ContactPolicy.Candidate(m.id(), m.accountId(), m.flowId(), m.channel(), m.address(),
                        m.status().isWaiting()))
                .toList(), clock.instant()));
        holdOverLimit(toSend, verdicts);
        if (verdicts.isEmpty()) {
            return new Judged(List.of(), Map.of(), Map.of());
        }
        List<Messages.Change> refused = new ArrayList<>();
        Map<MessageRow, ContactPolicy.Held> held = new HashMap<>();
        Map<UUID, Map<String, Object>> marks = new HashMap<>();
        toSend.removeIf(m -> switch (verdicts.get(m.id())) {
            case ContactPolicy.Refused r -> {
                refused.add(new Messages.Change(m.id(), MessageStatus.FAILED, r.error()));
                yield true;
            }
            case ContactPolicy.Held h -> {
                held.put(m, h);
                yield true;
            }
            case ContactPolicy.Marked mark -> {
                marks.put(m.id(), mark.options());
                yield false;
            }
            case null -> false;
        });
        return new Judged(refused, held, marks);
    }

    /**
     * Accounts whose balance reached their hard limit: their bulk messages wait (herald.balance.recheck at a time,
     * the history saying why), their transactional ones too once the overdraft is used up as well.
     */
    private void holdOverLimit(List<MessageRow> toSend, Map<UUID, ContactPolicy.Verdict> verdicts) {
        if (toSend.isEmpty()) {
            return;
        }
        Map<UUID, Balances.Stop> stops = balances.stops(toSend.stream().map(MessageRow::accountId).distinct().toList());
        if (stops.isEmpty()) {
            return;
        }
        Instant retry = clock.instant().plus(balances.recheck());
        for (MessageRow m : toSend) {
            Balances.Stop stop = stops.get(m.accountId());
            if (stop != null && (m.lane() == Priority.BULK ? stop.bulk() : stop.transactional())
                    && !(verdicts.get(m.id()) instanceof ContactPolicy.Refused)) {
                verdicts.put(m.id(), new ContactPolicy.Held(retry, new MessageError(MessageError.BALANCE_LIMIT,
                        "The account's balance is at or below its hard limit")));
            }
        }
    }

    /** Stages 1 to 3 for messages the rate limits let go now, and puts back the ones they hold. */
    private void sendNow(List<MessageRow> admitted, Map<MessageRow, Duration> held, List<Long> drop,
                         Map<UUID, Job> jobOf, String node, Judged judged) {
        List<Messages.Started> started = tx.call(() -> start(admitted, held, drop, jobOf, node, judged));
        if (started.isEmpty()) {
            return;
        }
        List<RoutedHandOver.Routed> results = handOver(started, judged.marks());
        tx.run(() -> finish(started, results, jobOf, node));
    }

    /** Waits a moment for the admissions that need no wait, which is nearly all of them when nothing is limited. */
    private static void awaitQuietly(Collection<CompletableFuture<Optional<Duration>>> admissions) {
        try {
            CompletableFuture.allOf(admissions.toArray(CompletableFuture[]::new)).get(AT_ONCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The late ones go alone.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean stillToSend(MessageRow message) {
        return message.status().isWaiting() || message.status() == MessageStatus.PENDING;
    }

    /** Stage 1: PENDING for what may go, put-backs and drops for the rest. */
    private List<Messages.Started> start(List<MessageRow> admitted, Map<MessageRow, Duration> held, List<Long> drop,
                                         Map<UUID, Job> jobOf, String node, Judged judged) {
        List<UUID> locked = new ArrayList<>(admitted.stream().map(MessageRow::id).toList());
        held.keySet().forEach(m -> locked.add(m.id()));
        judged.refused().forEach(c -> locked.add(c.id()));
        judged.held().keySet().forEach(m -> locked.add(m.id()));
        updates.lockFlows(locked);

        // Held back by a rate limit: back to the queue for when capacity is expected, within the group's allowed
        // time ranges; a message that could not leave within its validity expires instead, so its cascade moves on.
        Instant now = clock.instant();
        Map<UUID, SendingWindow> windows = flows.windows(held.keySet().stream().map(MessageRow::flowId).toList());
        Map<Long, Instant> putBack = new HashMap<>();
        List<Messages.Change> expired = new ArrayList<>();
        List<Long> done = new ArrayList<>(drop);
        held.forEach((message, wait) -> {
            Instant due = windows.get(message.flowId()).nextAllowed(now.plus(wait));
            if (due.isBefore(message.validUntil())) {
                putBack.put(jobOf.get(message.id()).id(), due);
            } else {
                expired.add(new Messages.Change(message.id(), MessageStatus.EXPIRED, new MessageError(
                        MessageError.RETRIES_EXHAUSTED, "The provider's rate limit left no capacity within the validity period")));
                done.add(jobOf.get(message.id()).id());
            }
        });
        policyOutcomes(judged, now, expired, putBack, done, jobOf);
        updates.moveAll(expired);

        List<Messages.Started> started = updates.startAll(admitted.stream().map(MessageRow::id).toList(), node);
        // Cancelled, paused or finished since it was read: nothing to send.
        List<UUID> startedIds = started.stream().map(s -> s.change().message().id()).toList();
        admitted.stream().filter(m -> !startedIds.contains(m.id())).forEach(m -> done.add(jobOf.get(m.id()).id()));
        queue.completeAll(done, node);
        queue.rescheduleAll(putBack, node);
        return started;
    }

    /**
     * The contact policy's refusals (FAILED, the cascade moves on) and quiet-hours holds: put back for when they
     * end, within the group's allowed time ranges, with a DELAYED event saying why; expired when that is too late.
     */
    private void policyOutcomes(Judged judged, Instant now, List<Messages.Change> expired, Map<Long, Instant> putBack,
                                List<Long> done, Map<UUID, Job> jobOf) {
        updates.moveAll(judged.refused());
        judged.refused().forEach(c -> done.add(jobOf.get(c.id()).id()));
        Map<UUID, SendingWindow> windows = flows.windows(judged.held().keySet().stream().map(MessageRow::flowId).toList());
        Map<UUID, StatusUpdates.Hold> holds = new HashMap<>();
        judged.held().forEach((message, hold) -> {
            Instant due = windows.get(message.flowId()).nextAllowed(hold.until().isAfter(now) ? hold.until() : now);
            if (due.isBefore(message.validUntil())) {
                putBack.put(jobOf.get(message.id()).id(), due);
                holds.put(message.id(), new StatusUpdates.Hold(hold.reason(), due));
            } else {
                expired.add(new Messages.Change(message.id(), MessageStatus.EXPIRED,
                        MessageError.BALANCE_LIMIT.equals(hold.reason().code()) ? hold.reason() : new MessageError(
                        MessageError.QUIET_HOURS, "The contact's quiet hours last beyond the validity period")));
                done.add(jobOf.get(message.id()).id());
            }
        });
        updates.holdAll(holds);
    }

    /** Stage 2: each provider's messages in one call, all providers at once; one result per started message. */
    private List<RoutedHandOver.Routed> handOver(List<Messages.Started> started, Map<UUID, Map<String, Object>> marks) {
        Map<String, List<Integer>> byProvider = new LinkedHashMap<>();
        for (int i = 0; i < started.size(); i++) {
            byProvider.computeIfAbsent(started.get(i).change().message().provider(), p -> new ArrayList<>()).add(i);
        }
        RoutedHandOver.Routed[] results = new RoutedHandOver.Routed[started.size()];
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // What a provider reads or stores (the sandbox's outbox, a default sender) is engine work too.
            byProvider.forEach((provider, indexes) -> threads.execute(() -> EnginePool.run(() -> {
                List<OutboundMessage> outbound = indexes.stream()
                        .map(i -> outbound(started.get(i).change().message(), marks))
                        .toList();
                List<RoutedHandOver.Routed> answered = providers.handOver(provider, outbound);
                for (int k = 0; k < indexes.size(); k++) {
                    results[indexes.get(k)] = answered.get(k);
                }
            })));
        }
        return List.of(results);
    }

    private static OutboundMessage outbound(MessageRow message, Map<UUID, Map<String, Object>> marks) {
        Map<String, Object> content = message.content();
        Map<String, Object> extra = marks.get(message.id());
        if (extra != null) {
            content = new LinkedHashMap<>(content);
            content.putAll(extra);
        }
        return new OutboundMessage(message.id(), message.accountId(), message.channel(), message.address(),
                content, message.attempts(), message.addressSource());
    }

    /** Stage 3: every outcome of the batch. */
    private void finish(List<Messages.Started> started, List<RoutedHandOver.Routed> results, Map<UUID, Job> jobOf,
                        String node) {
        Instant now = clock.instant();
        List<Messages.AttemptOutcome> attempts = new ArrayList<>();
        List<Messages.Sent> sent = new ArrayList<>();
        List<String> sentBy = new ArrayList<>();
        List<Messages.Change> failed = new ArrayList<>();
        List<MessageRow> transients = new ArrayList<>();
        Map<UUID, SendResult.TransientFailure> transientFailures = new HashMap<>();
        List<RecipientBlockedEvent> blocked = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        Map<String, Boolean> reportsDelivery = new HashMap<>();
        List<Messages.EarlierAttempt> failedOver = new ArrayList<>();
        List<ReportWatch.Watch> watches = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            MessageRow message = started.get(i).change().message();
            long attempt = started.get(i).attemptId();
            RoutedHandOver.Routed routed = results.get(i);
            // The provider that gave the outcome: the message's own, or the connection of its route that did.
            String via = routed.provider();
            routed.earlier().forEach(tried -> failedOver.add(new Messages.EarlierAttempt(message.id(), message.attempts(),
                    tried.provider(), Messages.outcomeOf(tried.result()), Messages.detailOf(tried.result()),
                    tried.finishedAt())));
            switch (routed.result()) {
                case SendResult.Accepted accepted -> {
                    attempts.add(new Messages.AttemptOutcome(attempt, "ACCEPTED", accepted.providerMessageId(), via));
                    boolean awaitsReport = reportsDelivery.computeIfAbsent(via, providers::reportsDelivery);
                    // What it cost, known now: the accepting connection's price for its parts and destination.
                    Optional<Prices.Cost> cost = prices.costOf(message.accountId(), via, message.address(),
                            () -> outbound(message, Map.of()).smsParts(), now);
                    sent.add(new Messages.Sent(message.id(), accepted.providerMessageId(), accepted.partCount(),
                            awaitsReport, via, cost.map(Prices.Cost::amount).orElse(null),
                            cost.map(Prices.Cost::currency).orElse(null)));
                    sentBy.add(via);
                    done.add(jobOf.get(message.id()).id());
                    if (routed.reportTimeoutSeconds() != null && awaitsReport) {
                        watches.add(new ReportWatch.Watch(message.id(), message.accountId(), routed.routeId(),
                                now.plusSeconds(routed.reportTimeoutSeconds()), via));
                    }
                }
                case SendResult.TransientFailure failure -> {
                    attempts.add(new Messages.AttemptOutcome(attempt, "TRANSIENT_FAILURE", failure.reason(), via));
                    transients.add(message);
                    transientFailures.put(message.id(), failure);
                }
                case SendResult.PermanentFailure failure -> {
                    attempts.add(new Messages.AttemptOutcome(attempt, "PERMANENT_FAILURE", failure.reason(), via));
                    failed.add(new Messages.Change(message.id(), MessageStatus.FAILED,
                            new MessageError(failure.code(), failure.reason())));
                    done.add(jobOf.get(message.id()).id());
                }
                case SendResult.RecipientBlocked refused -> {
                    attempts.add(new Messages.AttemptOutcome(attempt, "BLOCKED", refused.reason(), via));
                    failed.add(new Messages.Change(message.id(), MessageStatus.FAILED,
                            new MessageError(MessageError.BLOCKED, refused.reason())));
                    done.add(jobOf.get(message.id()).id());
                    blocked.add(new RecipientBlockedEvent(message.accountId(), message.channel(), via,
                            message.address(), refused.reason()));
                }
            }
        }
        // A retry is a new departure: it keeps to the group's allowed time ranges too.
        Map<UUID, SendingWindow> windows = flows.windows(transients.stream().map(MessageRow::flowId).toList());
        Map<Long, Instant> retries = new HashMap<>();
        List<MessageRow> retried = new ArrayList<>();
        for (MessageRow message : transients) {
            SendResult.TransientFailure failure = transientFailures.get(message.id());
            Instant retryAt = windows.get(message.flowId())
                    .nextAllowed(now.plus(RETRIES.after(message.attempts(), failure.retryAfter())));
            if (retryAt.isBefore(message.validUntil())) {
                retries.put(jobOf.get(message.id()).id(), retryAt);
                retried.add(message);
            } else {
                failed.add(new Messages.Change(message.id(), MessageStatus.EXPIRED, new MessageError(
                        MessageError.RETRIES_EXHAUSTED,
                        "Not accepted within the validity period; last error: " + failure.reason())));
                done.add(jobOf.get(message.id()).id());
            }
        }

        // Report locks before flow locks: the order the report writer takes them in.
        reports.lock(sentBy, sent.stream().map(Messages.Sent::providerMessageId).toList());
        List<UUID> handedOver = started.stream().map(s -> s.change().message().id()).toList();
        if (sent.stream().anyMatch(Messages.Sent::awaitsReport)) {
            updates.lockFlowsToRecordSent(handedOver);
        } else {
            updates.lockFlows(handedOver);
        }
        messages.finishAttempts(attempts);
        messages.recordEarlierAttempts(failedOver, node);
        reportWatch.watchAll(watches);
        reports.applyEarly(updates.sentAll(sent));
        updates.moveAll(failed);
        // Waiting for its retry, the message is PENDING, and so is its flow.
        updates.followPending(retried);
        queue.completeAll(done, node);
        queue.rescheduleAll(retries, node);
        blocked.forEach(events::publishEvent);
    }
}
