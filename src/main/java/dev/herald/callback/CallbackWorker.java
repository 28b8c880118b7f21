package dev.herald.callback;

import dev.herald.db.LeasedWorker;
import dev.herald.db.PgNotifications;
import dev.herald.support.RetryPolicy;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This node's callback sender: works the outbox under leases (see {@link LeasedWorker}), POSTs each callback
 * and records the outcome: delivered, retried after backoff, or given up.
 */
@Component
class CallbackWorker extends LeasedWorker<CallbackOutbox.Claimed> {

    private static final Logger log = LoggerFactory.getLogger(CallbackWorker.class);

    private final CallbackOutbox outbox;
    private final CallbackPoster poster;
    private final CallbackMetrics metrics;
    private final RetryPolicy backoff;

    CallbackWorker(CallbackOutbox outbox, PgNotifications notifications, CallbackPoster poster, CallbackMetrics metrics,
                   CallbackProperties settings) {
        // Finishing a callback makes the message's next one due at once: the loop looks again after each.
        super(outbox, notifications.wakeupFor(CallbackOutbox.CHANNEL), new Settings("herald-callback",
                settings.batchSize(), settings.maxInFlight(), settings.lease(), settings.pollInterval(), true));
        this.outbox = outbox;
        this.poster = poster;
        this.metrics = metrics;
        this.backoff = new RetryPolicy(settings.initialBackoff(), settings.maxBackoff(), 0.5);
    }

    @Override
    protected void work(CallbackOutbox.Claimed callback) {
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
                if (outbox.delivered(callback, node())) {
                    metrics.delivered();
                }
            }
            case CallbackPoster.Outcome.Failed failed -> {
                Optional<CallbackOutbox.State> now = outbox.failed(callback, node(), failed.error(),
                        backoff.after(callback.attempts() + 1));
                now.ifPresent(metrics::failed);
                if (now.orElse(null) == CallbackOutbox.State.GIVEN_UP) {
                    log.warn("Callback {} of message {} (account {}) given up after {} attempts; last error: {}",
                            callback.id(), callback.messageId(), callback.accountId(), callback.attempts() + 1,
                            failed.error());
                }
            }
            case CallbackPoster.Outcome.Refused refused -> {
                if (outbox.givenUp(callback, node(), refused.error())) {
                    metrics.failed(CallbackOutbox.State.GIVEN_UP);
                    log.warn("Callback {} of message {} (account {}) given up: {}", callback.id(),
                            callback.messageId(), callback.accountId(), refused.error());
                }
            }
        }
    }
}
