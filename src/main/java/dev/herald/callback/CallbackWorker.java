package dev.herald.callback;

import dev.herald.db.PgNotifications;
import dev.herald.db.Wakeup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's callback sender: claims due callbacks in batches under a lease, POSTs each on a virtual thread,
 * keeps the leases of callbacks in flight alive, and records the outcome (delivered, retry after backoff, or
 * given up). Sleeps until a notification, the next due callback, or the safety-net poll. On shutdown it stops
 * claiming, lets running POSTs finish for a while, and hands the rest back.
 */
@Component
class CallbackWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CallbackWorker.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MIN_WAIT = Duration.ofMillis(50);

    private final CallbackOutbox outbox;
    private final Wakeup wakeup;
    private final CallbackPoster poster;
    private final CallbackMetrics metrics;
    private final CallbackProperties settings;
    private final CallbackBackoff backoff;
    private final String node;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private ExecutorService senders;
    private ScheduledExecutorService heartbeats;
    private Thread loop;

    CallbackWorker(CallbackOutbox outbox, PgNotifications notifications, CallbackPoster poster, CallbackMetrics metrics,
                   CallbackProperties settings) {
        this.outbox = outbox;
        this.wakeup = notifications.wakeupFor(CallbackOutbox.CHANNEL);
        this.poster = poster;
        this.metrics = metrics;
        this.settings = settings;
        this.backoff = new CallbackBackoff(settings.initialBackoff(), settings.maxBackoff());
        this.node = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void start() {
        running = true;
        senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herald-callback-", 0).factory());
        loop = Thread.ofPlatform().name("herald-callback-worker").start(this::run);
        long every = Math.max(settings.lease().toMillis() / 3, 100);
        heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("herald-callback-heartbeat").daemon().factory());
        heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        log.info("Callback worker {} started", node);
    }

    @Override
    public void stop() {
        running = false;
        wakeup.signal();
        try {
            if (loop != null) {
                loop.join(DRAIN_TIMEOUT.toMillis());
            }
            senders.shutdown();
            if (!senders.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} callback(s) still being sent at shutdown; they go back to the outbox", inFlight.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.shutdownNow();
        // A POST still running may yet succeed: its callback keeps its lease rather than being sent twice.
        int released = outbox.release(node, Set.copyOf(inFlight));
        log.info("Callback worker {} stopped; {} callback(s) handed back", node, released);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops before the web server shuts down, while the database is still there for recording outcomes.
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    private void run() {
        while (running) {
            try {
                int wanted = Math.min(settings.batchSize(), settings.maxInFlight() - inFlight.size());
                if (wanted > 0) {
                    List<CallbackOutbox.Claimed> claimed = outbox.claim(node, wanted, settings.lease());
                    claimed.forEach(this::submit);
                    if (claimed.size() == wanted) {
                        continue;
                    }
                }
                wakeup.await(untilNextDue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Callback worker {} failed to claim callbacks; retrying", node, e);
                pause(settings.pollInterval());
            }
        }
    }

    private void submit(CallbackOutbox.Claimed callback) {
        inFlight.add(callback.id());
        senders.execute(() -> {
            try {
                send(callback);
            } catch (RuntimeException e) {
                // Its lease runs out and it is attempted again, by this node or another.
                log.error("Callback {} of message {} (account {}) failed on {}", callback.id(), callback.messageId(),
                        callback.accountId(), node, e);
            } finally {
                inFlight.remove(callback.id());
                // Finishing one callback may have made the message's next one due.
                wakeup.signal();
            }
        });
    }

    private void send(CallbackOutbox.Claimed callback) {
        CallbackPoster.Outcome outcome;
        try {
            outcome = poster.attempt(callback);
        } catch (RuntimeException e) {
            // E.g. the account's secret no longer opens: counted as a failed attempt, so retry-for still ends it.
            log.error("Callback {} of message {} (account {}) could not be sent", callback.id(), callback.messageId(),
                    callback.accountId(), e);
            outcome = new CallbackPoster.Outcome.Failed("Herald could not send the callback; see its log");
        }
        switch (outcome) {
            case CallbackPoster.Outcome.Delivered delivered -> {
                if (outbox.delivered(callback, node)) {
                    metrics.delivered();
                }
            }
            case CallbackPoster.Outcome.Failed failed -> {
                Optional<CallbackOutbox.State> now = outbox.failed(callback, node, failed.error(),
                        backoff.after(callback.attempts() + 1));
                now.ifPresent(metrics::failed);
                if (now.orElse(null) == CallbackOutbox.State.GIVEN_UP) {
                    log.warn("Callback {} of message {} (account {}) given up after {} attempts; last error: {}",
                            callback.id(), callback.messageId(), callback.accountId(), callback.attempts() + 1,
                            failed.error());
                }
            }
            case CallbackPoster.Outcome.Refused refused -> {
                if (outbox.givenUp(callback, node, refused.error())) {
                    metrics.failed(CallbackOutbox.State.GIVEN_UP);
                    log.warn("Callback {} of message {} (account {}) given up: {}", callback.id(),
                            callback.messageId(), callback.accountId(), refused.error());
                }
            }
        }
    }

    private Duration untilNextDue() {
        if (inFlight.size() >= settings.maxInFlight()) {
            return settings.pollInterval();
        }
        return outbox.untilNextDue()
                .map(wait -> wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait)
                .filter(wait -> wait.compareTo(settings.pollInterval()) < 0)
                .orElse(settings.pollInterval());
    }

    /** Extends the leases of callbacks in flight, so a slow receiver does not hand them to another node. */
    private void heartbeat() {
        try {
            if (running && !inFlight.isEmpty()) {
                outbox.heartbeat(node, Set.copyOf(inFlight), settings.lease());
            }
        } catch (RuntimeException e) {
            log.warn("Callback heartbeat of {} failed: {}", node, e.toString());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
