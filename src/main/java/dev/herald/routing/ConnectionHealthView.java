package dev.herald.routing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A connection's health: its circuit and hand-over latency on the node that answers, and its delivery rate
 * over the sliding window (all nodes, from the stored counts).
 *
 * @param rate DELIVERED ÷ reported, null before any report in the window
 */
public record ConnectionHealthView(
        UUID connectionId,
        String name,
        String channel,
        Circuit circuit,
        Double latencyMs,
        long windowMinutes,
        long delivered,
        long reported,
        Double rate,
        List<PrefixRate> prefixes) {

    public record Circuit(String state, int consecutiveFailures, double recentErrorRate, Instant openedAt) {}

    public record PrefixRate(String prefix, long delivered, long reported, Double rate) {}
}
