package dev.herald.chat.widget;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The widget's public endpoints are open to anyone's browser, so each visitor and each IP address gets a bucket
 * (Bucket4j, kept in this node's memory): requests per IP, new visitors per IP, messages per visitor.
 */
@Component
class WidgetRateLimits {

    /** Buckets idle long enough to be full again are dropped once there are this many. */
    private static final int MAX_BUCKETS = 100_000;

    private final WidgetProperties properties;
    private final Map<String, Limit> buckets = new ConcurrentHashMap<>();

    WidgetRateLimits(WidgetProperties properties) {
        this.properties = properties;
    }

    /** Empty when allowed, else how long to wait. */
    Optional<Duration> request(String ip) {
        return take("ip:" + ip, properties.requestsPerMinutePerIp(), Duration.ofMinutes(1));
    }

    Optional<Duration> newVisitor(String ip) {
        return take("new:" + ip, properties.newVisitorsPerHourPerIp(), Duration.ofHours(1));
    }

    Optional<Duration> message(java.util.UUID visitorId) {
        return take("visitor:" + visitorId, properties.messagesPerMinute(), Duration.ofMinutes(1));
    }

    private record Limit(Bucket bucket, long capacity) {}

    private Optional<Duration> take(String key, int capacity, Duration period) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(limit -> limit.bucket().getAvailableTokens() >= limit.capacity());
        }
        Limit limit = buckets.computeIfAbsent(key, k -> new Limit(Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build()).build(),
                capacity));
        ConsumptionProbe probe = limit.bucket().tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
