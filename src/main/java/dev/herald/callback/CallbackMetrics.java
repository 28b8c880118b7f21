package dev.herald.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Callback metrics: {@code herald.callbacks.delivered}, {@code herald.callbacks.failed{outcome=retry|given_up}}
 * (failed attempts, and whether they will be retried) and {@code herald.callbacks.outbox.depth} (callbacks not
 * yet delivered or given up, refreshed every {@code herald.callbacks.depth-refresh-interval}).
 */
@Component
class CallbackMetrics {

    private final MeterRegistry registry;
    private final CallbackOutbox outbox;
    private final AtomicLong depth = new AtomicLong();
    private final Counter delivered;

    CallbackMetrics(MeterRegistry registry, CallbackOutbox outbox) {
        this.registry = registry;
        this.outbox = outbox;
        this.delivered = Counter.builder("herald.callbacks.delivered")
                .description("Callbacks the receiver answered with 2xx")
                .register(registry);
        Gauge.builder("herald.callbacks.outbox.depth", depth, AtomicLong::get)
                .description("Callbacks waiting to be delivered or given up")
                .register(registry);
    }

    void delivered() {
        delivered.increment();
    }

    void failed(CallbackOutbox.State now) {
        Counter.builder("herald.callbacks.failed")
                .description("Failed callback attempts; outcome says whether the callback will be retried")
                .tag("outcome", now == CallbackOutbox.State.GIVEN_UP ? "given_up" : "retry")
                .register(registry)
                .increment();
    }

    @Scheduled(fixedDelayString = "${herald.callbacks.depth-refresh-interval:5s}")
    void refreshDepth() {
        depth.set(outbox.depth());
    }
}
