package dev.herald.delivery;

import dev.herald.channel.Channel;
import dev.herald.channel.SendResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivery metrics, recorded once here rather than in each provider adapter:
 * {@code herald.messages.accepted{channel}}, {@code herald.messages.status{channel,status}},
 * {@code herald.provider.calls{provider,channel,outcome}} (timer), {@code herald.queue.depth} and
 * {@code herald.queue.claim} (claim latency).
 */
@Component
class DeliveryMetrics {

    private final MeterRegistry registry;
    private final ObjectProvider<JobQueue> queue;
    private final AtomicLong depth = new AtomicLong();
    private final Timer claim;

    DeliveryMetrics(MeterRegistry registry, ObjectProvider<JobQueue> queue) {
        this.registry = registry;
        this.queue = queue;
        Gauge.builder("herald.queue.depth", depth, AtomicLong::get)
                .description("Jobs waiting in or held from the work queue")
                .register(registry);
        this.claim = Timer.builder("herald.queue.claim")
                .description("Time to claim a batch of due jobs")
                .publishPercentileHistogram()
                .register(registry);
    }

    void accepted(Channel channel) {
        Counter.builder("herald.messages.accepted").tag("channel", channel.name()).register(registry).increment();
    }

    void status(Channel channel, MessageStatus status) {
        Counter.builder("herald.messages.status").tag("channel", channel.name()).tag("status", status.name())
                .register(registry).increment();
    }

    void handedOver(String provider, Channel channel, SendResult result, Duration took) {
        Timer.builder("herald.provider.calls")
                .tag("provider", provider)
                .tag("channel", channel.name())
                .tag("outcome", result.getClass().getSimpleName())
                .register(registry)
                .record(took);
    }

    void claimed(long nanos) {
        claim.record(Duration.ofNanos(nanos));
    }

    @Scheduled(fixedDelayString = "${herald.metrics.queue-depth-interval:PT5S}")
    void refreshQueueDepth() {
        depth.set(queue.getObject().depth());
    }
}
