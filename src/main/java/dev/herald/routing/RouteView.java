package dev.herald.routing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A route as the API returns it. */
record RouteView(
        UUID id,
        String channel,
        String prefix,
        String mode,
        List<Connection> connections,
        Integer reportTimeoutSeconds,
        Double minDeliveryRate,
        Instant createdAt,
        Instant updatedAt) {

    record Connection(UUID id, String name, int weight) {}
}
