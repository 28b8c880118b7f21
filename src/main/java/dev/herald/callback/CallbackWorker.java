package dev.herald.callback;

import dev.herald.db.LeasedWorker;
import dev.herald.db.PgNotifications;
import dev.herald.support.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * This node's callback sender: works the outbox under leases (see {@link LeasedWorker}) a claimed batch at a
 * time. The batch's callbacks are POSTed at once, each on its own virtual thread (at most
 * {@code herald.callbacks.max-per-host} to one host at a time), and their outcomes (delivered, retried after
 * backoff, or given up) recorded together: what finished within {@link #GATHER} of each other in one
 * transaction, so a slow receiver holds back only its own callbacks' records, not the batch's.
 *
 * <p>A message has at most one callback due at a time (see {@link CallbackOutbox}), so a batch never holds two
 * of one message and their order is kept.
 */
@Component
class CallbackWorker extends LeasedWorker<CallbackOutbox.Claimed> {

    private static final Logger log = LoggerFactory.getLogger(CallbackWorker.class);
    /** How long outcomes are gathered after the first of a round before they are recorded together. */
    private static final Duration GATHER = Duration.ofMillis(20);
    private static final int RECORD_ATTEMPTS = 3;
    private static final Duration RECORD_PAUSE = Duration.ofMillis(100);

    private final CallbackOutbox outbox;
    private final CallbackPoster poster;
    private final CallbackMetrics metrics;
    private final RetryPolicy backoff;
    private final HostLimits hosts;

    CallbackWorker(CallbackOutbox outbox, PgNotifications notifications, CallbackPoster poster, CallbackMetrics metrics,
                   CallbackProperties settings) {
        // Finishing a callback makes the message's next one due at once: the loop looks again after each batch.
        super(outbox, notifications.wakeupFor(CallbackOutbox.CHANNEL), new Settings("herald-callback",
                settings.batchSize(), settings.maxInFlight(), settings.lease(), settings.pollInterval(), true));
        this.outbox = outbox;
        this.poster = poster;
        this.metrics = metrics;
        this.backoff = new RetryPolicy(settings.initialBackoff(), settings.maxBackoff(), 0.5);
        this.hosts = new HostLimits(settings.maxPerHost());
    }

    @Override
    protected boolean worksInBatches() {
        return true;
    }

    @Override
    protected void work(CallbackOutbox.Claimed callback) {
        workBatch(List.of(callback));
    }

    @Override
    protected void workBatch(List<CallbackOutbox.Claimed> callbacks) {
        // Read once per batch and account, not cached across batches: a rotation applies from the next batch on.
        Map<UUID, String> secrets = new ConcurrentHashMap<>();
        // Judged once per batch and host: the guard resolves the host.
        Map<String, Optional<CallbackPoster.Outcome>> verdicts = new ConcurrentHashMap<>();
        BlockingQueue<CallbackOutbox.Attempt> finished = new LinkedBlockingQueue<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (CallbackOutbox.Claimed callback : callbacks) {
                threads.execute(() -> finished.add(attempt(callback, secrets, verdicts)));
            }
            record(callbacks.size(), finished);
        }
    }

    /** One POST, turned into what the outbox records; never throws. */
    private CallbackOutbox.Attempt attempt(CallbackOutbox.Claimed callback, Map<UUID, String> secrets,
                                           Map<String, Optional<CallbackPoster.Outcome>> verdicts) {
        CallbackPoster.Outcome outcome;
        try {
            URI url = URI.create(callback.url());
            String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
            outcome = verdicts.computeIfAbsent(host, h -> Optional.ofNullable(poster.check(url)))
                    .orElse(null);
            if (outcome == null) {
                String secret = secrets.computeIfAbsent(callback.accountId(), poster::secret);
                outcome = hosts.withPermit(host, () -> poster.post(callback, url, secret));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new CallbackPoster.Outcome.Failed("Interrupted (node shutting down)");
        } catch (RuntimeException e) {
            // E.g. the account's secret no longer opens: counted as a failed attempt, so retry-for still ends it.
            log.error("Callback {} of message {} (account {}) could not be sent", callback.id(), callback.messageId(),
                    callback.accountId(), e);
            outcome = new CallbackPoster.Outcome.Failed("Herald could not send the callback; see its log");
        }
        return switch (outcome) {
            case CallbackPoster.Outcome.Delivered delivered ->
                    new CallbackOutbox.Attempt(callback, CallbackOutbox.Result.DELIVERED, null, null);
            case CallbackPoster.Outcome.Failed failed -> new CallbackOutbox.Attempt(callback,
                    CallbackOutbox.Result.FAILED, failed.error(), backoff.after(callback.attempts() + 1));
            case CallbackPoster.Outcome.Refused refused ->
                    new CallbackOutbox.Attempt(callback, CallbackOutbox.Result.REFUSED, refused.error(), null);
        };
    }

    /** Records the outcomes as they come, each round of them (the first and what follows within GATHER) together. */
    private void record(int expected, BlockingQueue<CallbackOutbox.Attempt> finished) {
        int recorded = 0;
        try {
            while (recorded < expected) {
                List<CallbackOutbox.Attempt> round = new ArrayList<>();
                round.add(finished.take());
                long until = System.nanoTime() + GATHER.toNanos();
                while (recorded + round.size() < expected) {
                    CallbackOutbox.Attempt next = finished.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    round.add(next);
                    finished.drainTo(round, expected - recorded - round.size());
                }
                recorded += round.size();
                report(round, recordWithRetry(round));
            }
        } catch (InterruptedException e) {
            // Shutting down: what was not recorded is done again when its lease runs out.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records a round, trying again a few times when the database refuses (e.g. a lock timeout), since
     * callbacks left unrecorded are sent again when their lease runs out.
     */
    private Map<Long, CallbackOutbox.State> recordWithRetry(List<CallbackOutbox.Attempt> round)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return outbox.recordAll(round, node());
            } catch (TransientDataAccessException e) {
                if (attempt == RECORD_ATTEMPTS) {
                    throw e;
                }
                log.warn("Recording {} callback outcome(s) failed ({}); trying again", round.size(), e.getMessage());
                Thread.sleep(RECORD_PAUSE.multipliedBy(attempt));
            }
        }
    }

    private void report(List<CallbackOutbox.Attempt> round, Map<Long, CallbackOutbox.State> reached) {
        for (CallbackOutbox.Attempt attempt : round) {
            CallbackOutbox.State state = reached.get(attempt.callback().id());
            if (state == null) {
                continue; // the node no longer held it
            }
            CallbackOutbox.Claimed callback = attempt.callback();
            switch (attempt.result()) {
                case DELIVERED -> metrics.delivered();
                case FAILED -> {
                    metrics.failed(state);
                    if (state == CallbackOutbox.State.GIVEN_UP) {
                        log.warn("Callback {} of message {} (account {}) given up after {} attempts; last error: {}",
                                callback.id(), callback.messageId(), callback.accountId(), callback.attempts() + 1,
                                attempt.error());
                    }
                }
                case REFUSED -> {
                    metrics.failed(CallbackOutbox.State.GIVEN_UP);
                    log.warn("Callback {} of message {} (account {}) given up: {}", callback.id(),
                            callback.messageId(), callback.accountId(), attempt.error());
                }
            }
        }
    }
}
