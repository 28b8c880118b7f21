package dev.herald.routing;

import dev.herald.channel.ConnectionKey;
import dev.herald.channel.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The circuit breaker of every connection on this node, fed by every hand-over to a connection (routed or not),
 * through {@code delivery.ProviderCall}, the engine's one way out.
 */
@Component
public class ConnectionHealth {

    private final Clock clock;
    private final RoutingProperties properties;
    private final Map<UUID, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    ConnectionHealth(Clock clock, RoutingProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    /** One call to {@code provider} (a recorded provider name) answered {@code results} after {@code took}. */
    public void recordCall(String provider, List<SendResult> results, Duration took) {
        Optional<ConnectionKey> key = ConnectionKey.parse(provider);
        if (key.isEmpty()) {
            return;
        }
        CircuitBreaker breaker = breaker(key.get().connectionId());
        for (SendResult result : results) {
            breaker.record(FailoverRules.failsOver(result), took);
        }
    }

    CircuitBreaker breaker(UUID connectionId) {
        return breakers.computeIfAbsent(connectionId, id -> new CircuitBreaker(clock, properties.breakerFailures(),
                properties.breakerErrorRate(), properties.breakerWindow(), properties.breakerOpenFor()));
    }

    Optional<CircuitBreaker> existing(UUID connectionId) {
        return Optional.ofNullable(breakers.get(connectionId));
    }
}
