package dev.herald.routing;

import java.util.List;

/**
 * A route as the API takes it (create and replace).
 *
 * @param connections the connections in order, each by id or name, with a weight for WEIGHTED routes (default 1)
 */
public record RouteRequest(
        String channel,
        String prefix,
        String mode,
        List<Connection> connections,
        Integer reportTimeoutSeconds,
        Double minDeliveryRate) {

    public record Connection(String connection, Integer weight) {}
}
