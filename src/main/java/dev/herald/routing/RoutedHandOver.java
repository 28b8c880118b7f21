package dev.herald.routing;

import dev.herald.channel.ConnectionKey;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import dev.herald.provider.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Hands over messages that recorded their account's route instead of one provider: each message's connections
 * are ordered (by position, or drawn by weight; connections delivering below the route's minimum rate last or
 * with little weight), connections whose circuit is open or whose rate limit has no capacity now are passed
 * over, and a failure that is the provider's fault ({@link FailoverRules}) moves the message to the next
 * connection at once. The messages of one round that go to one connection go in one call, all connections at
 * once, so a routed batch costs about what a single-provider batch does.
 */
@Component
public class RoutedHandOver {

    /** How the engine reaches a provider: its rate limits, and its timed and recorded call. */
    public interface Connections {
        Optional<Duration> admit(String provider, String address);

        List<SendResult> callAll(String provider, List<OutboundMessage> messages);
    }

    /** One hand-over to a provider that failed over to another. */
    public record Tried(String provider, SendResult result, Instant finishedAt) {}

    /**
     * What became of a routed message: the last outcome, the provider that gave it (what the message records
     * when accepted), the hand-overs that failed over before it, and the route's report timeout (null: none).
     */
    public record Routed(SendResult result, String provider, List<Tried> earlier, UUID routeId,
                         Integer reportTimeoutSeconds) {}

    private final RouteBook book;
    private final ConnectionHealth health;
    private final DeliveryRates rates;
    private final ProviderRegistry registry;
    private final RoutingProperties properties;
    private final Clock clock;

    RoutedHandOver(RouteBook book, ConnectionHealth health, DeliveryRates rates, ProviderRegistry registry,
                   RoutingProperties properties, Clock clock) {
        this.book = book;
        this.health = health;
        this.rates = rates;
        this.registry = registry;
        this.properties = properties;
        this.clock = clock;
    }

    private static final class Pending {
        final OutboundMessage message;
        final Route route;
        final List<String> candidates;
        final List<Tried> tried = new ArrayList<>();
        int next;
        Duration shortestWait;
        String passedOver;

        Pending(OutboundMessage message, Route route, List<String> candidates) {
            this.message = message;
            this.route = route;
            this.candidates = candidates;
        }
    }

    /** One result per message, in order. */
    public List<Routed> sendAll(List<OutboundMessage> messages, Connections connections) {
        Routed[] results = new Routed[messages.size()];
        Map<Integer, Pending> pending = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            OutboundMessage m = messages.get(i);
            Optional<Route> route = book.routeFor(m.accountId(), m.channel(), m.address());
            List<String> candidates = route.map(r -> order(r, List.of()))
                    // No route for this destination (or none any more): the channel's default connection.
                    .orElseGet(() -> List.of(registry.defaultConnection(m.accountId(), m.channel())));
            pending.put(i, new Pending(m, route.orElse(null), candidates));
        }
        while (!pending.isEmpty()) {
            Map<String, List<Integer>> round = new LinkedHashMap<>();
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                Pending p = entry.getValue();
                String chosen = choose(p, connections);
                if (chosen == null) {
                    String last = lastTriedOr(p);
                    results[entry.getKey()] = finished(p, noneAvailable(p), last);
                    it.remove();
                } else {
                    round.computeIfAbsent(chosen, c -> new ArrayList<>()).add(entry.getKey());
                }
            }
            Map<String, List<SendResult>> answers = callRound(round, pending, connections);
            Instant now = clock.instant();
            answers.forEach((provider, answered) -> {
                List<Integer> indexes = round.get(provider);
                for (int k = 0; k < indexes.size(); k++) {
                    Pending p = pending.get(indexes.get(k));
                    SendResult result = answered.get(k);
                    if (FailoverRules.failsOver(result) && p.next < p.candidates.size()) {
                        p.tried.add(new Tried(provider, result, now));
                    } else {
                        results[indexes.get(k)] = finished(p, result, provider);
                        pending.remove(indexes.get(k));
                    }
                }
            });
        }
        return List.of(results);
    }

    /** The next candidate that can take the message now, or null when none is left. */
    private String choose(Pending p, Connections connections) {
        while (p.next < p.candidates.size()) {
            String candidate = p.candidates.get(p.next++);
            Optional<CircuitBreaker> breaker = ConnectionKey.parse(candidate)
                    .map(key -> health.breaker(key.connectionId()));
            if (breaker.isPresent() && breaker.get().isOpen()) {
                p.passedOver = candidate + " (circuit open)";
                continue;
            }
            Optional<Duration> wait = connections.admit(candidate, p.message.address());
            if (wait.isPresent()) {
                p.shortestWait = p.shortestWait == null || wait.get().compareTo(p.shortestWait) < 0 ? wait.get() : p.shortestWait;
                p.passedOver = candidate + " (rate limit)";
                continue;
            }
            // Lost the half-open probe to another message since the look above: the next one then.
            if (breaker.isPresent() && !breaker.get().tryPass()) {
                p.passedOver = candidate + " (circuit half-open, probing)";
                continue;
            }
            return candidate;
        }
        return null;
    }

    private static Map<String, List<SendResult>> callRound(Map<String, List<Integer>> round, Map<Integer, Pending> pending,
                                                           Connections connections) {
        Map<String, List<SendResult>> answers = new java.util.concurrent.ConcurrentHashMap<>();
        if (round.size() == 1) {
            var only = round.entrySet().iterator().next();
            answers.put(only.getKey(), connections.callAll(only.getKey(),
                    only.getValue().stream().map(i -> pending.get(i).message).toList()));
            return answers;
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            round.forEach((provider, indexes) -> threads.execute(() -> answers.put(provider,
                    connections.callAll(provider, indexes.stream().map(i -> pending.get(i).message).toList()))));
        }
        return answers;
    }

    private static String lastTriedOr(Pending p) {
        return p.tried.isEmpty() ? p.candidates.getFirst() : p.tried.getLast().provider();
    }

    /** Every connection was passed over or failed: the last failure, else a transient one so the engine retries. */
    private static SendResult noneAvailable(Pending p) {
        if (!p.tried.isEmpty()) {
            return p.tried.removeLast().result();
        }
        return new SendResult.TransientFailure("No connection of the route can take the message now; last passed over: "
                + p.passedOver, p.shortestWait);
    }

    private static Routed finished(Pending p, SendResult result, String provider) {
        return new Routed(result, provider, List.copyOf(p.tried), p.route == null ? null : p.route.id(),
                p.route == null ? null : p.route.reportTimeoutSeconds());
    }

    /**
     * The route's connections in the order to try them, {@code excluded} left out: by position (ORDERED) or drawn
     * by weight without replacement (WEIGHTED); a connection delivering below the route's minimum rate keeps only
     * {@code shiftedWeight} of its weight, and in an ORDERED route goes after the healthy ones.
     */
    List<String> order(Route route, List<String> excluded) {
        record Weighted(String key, double weight, boolean low, int position) {}
        List<Weighted> entries = new ArrayList<>();
        for (int i = 0; i < route.entries().size(); i++) {
            Route.Entry e = route.entries().get(i);
            String key = new ConnectionKey(e.connectionId()).toString();
            if (excluded.contains(key)) {
                continue;
            }
            boolean low = deliversBelow(route, e.connectionId());
            entries.add(new Weighted(key, e.weight() * (low ? properties.shiftedWeight() : 1.0), low, i));
        }
        if (route.mode() == Route.Mode.ORDERED) {
            return entries.stream().sorted(Comparator.comparing(Weighted::low).thenComparingInt(Weighted::position))
                    .map(Weighted::key).toList();
        }
        // Efraimidis–Spirakis: sorting by u^(1/w) draws the order by weight in one pass.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Double> draw = new LinkedHashMap<>();
        entries.forEach(w -> draw.put(w.key(), Math.pow(random.nextDouble(), 1.0 / Math.max(w.weight(), 1e-9))));
        return entries.stream().sorted(Comparator.comparing((Weighted w) -> draw.get(w.key())).reversed())
                .map(Weighted::key).toList();
    }

    private boolean deliversBelow(Route route, UUID connectionId) {
        if (route.minDeliveryRate() == null) {
            return false;
        }
        DeliveryRates.Rate rate = rates.under(route.accountId(), connectionId, route.prefix());
        return rate.reported() >= properties.rateMinReports() && rate.rate() < route.minDeliveryRate();
    }

    /** Where a message that got no report in time goes next, and how long to wait for that one's report. */
    public record Next(String provider, int reportTimeoutSeconds) {}

    /** The next connection for a message sent through {@code tried} that got no report in time, if any is left. */
    public Optional<Next> nextAfter(UUID account, UUID routeId, dev.herald.channel.Channel channel, List<String> tried) {
        return book.of(account, channel).stream()
                .filter(r -> r.id().equals(routeId) && r.reportTimeoutSeconds() != null).findFirst()
                .flatMap(r -> order(r, tried).stream()
                        .filter(key -> ConnectionKey.parse(key).map(k -> !health.breaker(k.connectionId()).isOpen()).orElse(true))
                        .findFirst()
                        .map(key -> new Next(key, r.reportTimeoutSeconds())));
    }
}
