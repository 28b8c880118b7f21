package dev.herald.routing;

import dev.herald.provider.ProviderConnections;
import dev.herald.web.NotFoundException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Puts a connection's circuit, latency and delivery rates together, for the API and the console. */
@Component
public class HealthReader {

    private final ProviderConnections connections;
    private final ConnectionHealth health;
    private final DeliveryRates rates;
    private final RoutingProperties properties;

    HealthReader(ProviderConnections connections, ConnectionHealth health, DeliveryRates rates,
                 RoutingProperties properties) {
        this.connections = connections;
        this.health = health;
        this.rates = rates;
        this.properties = properties;
    }

    /** The account's connection's health; another account's connection does not exist. */
    public ConnectionHealthView of(UUID account, UUID connectionId) {
        var stored = connections.find(account, connectionId)
                .orElseThrow(() -> new NotFoundException("No provider connection " + connectionId));
        CircuitBreaker breaker = health.existing(connectionId).orElse(null);
        ConnectionHealthView.Circuit circuit = breaker == null
                ? new ConnectionHealthView.Circuit("CLOSED", 0, 0, null)
                : new ConnectionHealthView.Circuit(breaker.state().name(), breaker.consecutiveFailures(),
                        breaker.recentErrorRate(), breaker.openedAt());
        Double latency = breaker == null || breaker.latencyMicros() < 0 ? null : breaker.latencyMicros() / 1000.0;
        List<DeliveryRates.Rate> window = rates.fresh(account, connectionId);
        long delivered = window.stream().mapToLong(DeliveryRates.Rate::delivered).sum();
        long reported = window.stream().mapToLong(DeliveryRates.Rate::reported).sum();
        return new ConnectionHealthView(connectionId, stored.connection().name(), stored.connection().channel().key(),
                circuit, latency, properties.rateWindow().toMinutes(), delivered, reported,
                reported == 0 ? null : (double) delivered / reported,
                window.stream().map(r -> new ConnectionHealthView.PrefixRate(r.prefix(), r.delivered(), r.reported(),
                        r.reported() == 0 ? null : r.rate())).toList());
    }
}
