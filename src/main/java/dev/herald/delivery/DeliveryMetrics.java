package dev.herald.delivery;

import dev.herald.channel.Channel;
import dev.herald.channel.SendResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivery metrics, recorded once here rather than in each provider adapter:
 * {@code herald.messages.accepted{channel}}, {@code herald.messages.status{channel,status}},
 * {@code herald.provider.calls{provider,channel,outcome}} (timer), {@code herald.queue.depth},
 * {@code herald.queue.lane.depth{lane}}, {@code herald.queue.oldest.due{lane}} (seconds the oldest due job no node
 * holds has waited), {@code herald.queue.claim} (claim latency) and {@code herald.rate.limit.hold{provider,outcome}}
 * (time a send spent waiting for a rate limit's capacity, and whether it went or was put back).
 *
 * <p>The queue gauges are refreshed by one grouped query every {@code herald.metrics.queue-depth-interval} on each
 * node, so a scrape never reaches the database.
 */
@Component
class DeliveryMetrics {

    private final MeterRegistry registry;
    private final ObjectProvider<JobQueue> queue;
    private final AtomicLong depth = new AtomicLong();
    private final Map<Priority, AtomicLong> laneDepth = new EnumMap<>(Priority.class);
    private final Map<Priority, AtomicLong> oldestDueMillis = new EnumMap<>(Priority.class);
    private final Timer claim;

    DeliveryMetrics(MeterRegistry registry, ObjectProvider<JobQueue> queue) {
        this.registry = registry;
        this.queue = queue;
        Gauge.builder("herald.queue.depth", depth, AtomicLong::get)
                .description("Jobs waiting in or held from the work queue")
                .register(registry);
        for (Priority lane : Priority.values()) {
            String tag = lane.name().toLowerCase(Locale.ROOT);
            AtomicLong jobs = new AtomicLong();
            AtomicLong oldest = new AtomicLong();
            laneDepth.put(lane, jobs);
            oldestDueMillis.put(lane, oldest);
            Gauge.builder("herald.queue.lane.depth", jobs, AtomicLong::get).tag("lane", tag)
                    .description("Jobs in the lane: due, scheduled for later and in progress")
                    .register(registry);
            TimeGauge.builder("herald.queue.oldest.due", oldest, TimeUnit.MILLISECONDS, AtomicLong::get).tag("lane", tag)
                    .description("How long the lane's oldest due job that no node holds has waited; 0 when none waits")
                    .register(registry);
        }
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

    /** A send that waited {@code held} for a rate limit of {@code provider}: it then went, or was put back. */
    void rateLimitHold(String provider, Duration held, boolean putBack) {
        Timer.builder("herald.rate.limit.hold")
                .description("Time sends waited for a provider rate limit's capacity; outcome: went or put_back")
                .tag("provider", provider)
                .tag("outcome", putBack ? "put_back" : "went")
                .register(registry)
                .record(held);
    }

    @Scheduled(fixedDelayString = "${herald.metrics.queue-depth-interval:PT5S}")
    void refreshQueueDepth() {
        long total = 0;
        Map<Priority, JobQueue.LaneDepth> byLane = new EnumMap<>(Priority.class);
        for (JobQueue.LaneDepth lane : queue.getObject().depthByLane()) {
            byLane.put(lane.lane(), lane);
            total += lane.jobs();
        }
        for (Priority lane : Priority.values()) {
            JobQueue.LaneDepth found = byLane.get(lane);
            laneDepth.get(lane).set(found == null ? 0 : found.jobs());
            oldestDueMillis.get(lane).set(found == null ? 0 : Math.max(0, found.oldestWait().toMillis()));
        }
        depth.set(total);
    }
}
