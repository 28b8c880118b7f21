package dev.herald.routing;

import dev.herald.channel.Channel;
import dev.herald.provider.ProviderConnectionDeleting;
import dev.herald.provider.ProviderConnections;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, replacing and deleting routes, validated: every connection is the account's own and of the channel. */
@Service
public class RouteService {

    static final int MAX_CONNECTIONS = 10;
    static final int MAX_ROUTES = 500;
    static final int MAX_WEIGHT = 1000;
    static final int MAX_REPORT_TIMEOUT_SECONDS = 7 * 24 * 3600;

    private final Routes routes;
    private final RouteBook book;
    private final ProviderConnections connections;

    RouteService(Routes routes, RouteBook book, ProviderConnections connections) {
        this.routes = routes;
        this.book = book;
        this.connections = connections;
    }

    public List<Route> list(UUID account, Channel channel) {
        return routes.list(account, channel);
    }

    public Route find(UUID account, UUID id) {
        return routes.find(account, id).orElseThrow(() -> new NotFoundException("No route " + id));
    }

    @Transactional
    public Route create(UUID account, RouteRequest request) {
        if (routes.list(account, null).size() >= MAX_ROUTES) {
            throw new InvalidRequestException("$", "an account may have at most " + MAX_ROUTES + " routes");
        }
        Route route = validated(account, UUID.randomUUID(), request);
        routes.save(route, true);
        book.changed(account);
        return find(account, route.id());
    }

    @Transactional
    public Route replace(UUID account, UUID id, RouteRequest request) {
        find(account, id);
        Route route = validated(account, id, request);
        routes.save(route, false);
        book.changed(account);
        return find(account, id);
    }

    @Transactional
    public void delete(UUID account, UUID id) {
        if (!routes.delete(account, id)) {
            throw new NotFoundException("No route " + id);
        }
        book.changed(account);
    }

    /** A deleted connection leaves the account's routes (a route left without connections goes too). */
    @EventListener
    void onConnectionDeleting(ProviderConnectionDeleting deleting) {
        routes.removeConnection(deleting.connection().accountId(), deleting.connection().id());
        book.changed(deleting.connection().accountId());
    }

    private Route validated(UUID account, UUID id, RouteRequest request) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object with channel and connections is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Channel channel = null;
        if (request.channel() == null || request.channel().isBlank()) {
            problems.add(new FieldProblem("channel", "is required; known: " + Channel.keys()));
        } else {
            channel = Channel.parse(request.channel().strip()).orElse(null);
            if (channel == null) {
                problems.add(new FieldProblem("channel", "unknown channel; known: " + Channel.keys()));
            }
        }
        String prefix = request.prefix() == null ? "" : request.prefix().strip().replaceFirst("^\\+", "");
        if (!prefix.isEmpty()) {
            if (!prefix.matches("[0-9]{1,15}")) {
                problems.add(new FieldProblem("prefix", "must be 1 to 15 digits of a phone number (a leading + is allowed)"));
            } else if (channel != null && channel != Channel.SMS) {
                problems.add(new FieldProblem("prefix", "only SMS routes take a destination prefix"));
            }
        }
        Route.Mode mode = Route.Mode.ORDERED;
        if (request.mode() != null) {
            try {
                mode = Route.Mode.valueOf(request.mode().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("mode", "must be ORDERED or WEIGHTED"));
            }
        }
        Integer timeout = request.reportTimeoutSeconds();
        if (timeout != null && (timeout < 1 || timeout > MAX_REPORT_TIMEOUT_SECONDS)) {
            problems.add(new FieldProblem("reportTimeoutSeconds", "must be 1 to " + MAX_REPORT_TIMEOUT_SECONDS
                    + " seconds, or left out for no failover on a missing report"));
        }
        Double minRate = request.minDeliveryRate();
        if (minRate != null && (minRate.isNaN() || minRate < 0 || minRate > 1)) {
            problems.add(new FieldProblem("minDeliveryRate", "must be between 0 and 1"));
        }
        List<Route.Entry> entries = new ArrayList<>();
        List<RouteRequest.Connection> given = request.connections();
        if (given == null || given.isEmpty()) {
            problems.add(new FieldProblem("connections", "at least one connection is required"));
        } else if (given.size() > MAX_CONNECTIONS) {
            problems.add(new FieldProblem("connections", "at most " + MAX_CONNECTIONS + " connections"));
        } else {
            Set<UUID> seen = new HashSet<>();
            for (int i = 0; i < given.size(); i++) {
                String field = "connections[" + i + "]";
                RouteRequest.Connection c = given.get(i);
                if (c == null || c.connection() == null || c.connection().isBlank()) {
                    problems.add(new FieldProblem(field + ".connection", "is required: a connection's id or name"));
                    continue;
                }
                int weight = c.weight() == null ? 1 : c.weight();
                if (weight < 1 || weight > MAX_WEIGHT) {
                    problems.add(new FieldProblem(field + ".weight", "must be 1 to " + MAX_WEIGHT));
                }
                if (c.connection().length() > 200 || c.connection().indexOf('\u0000') >= 0) {
                    problems.add(new FieldProblem(field + ".connection", "is not a connection's id or name"));
                    continue;
                }
                Optional<ProviderConnections.Stored> stored = lookUp(account, c.connection().strip());
                if (stored.isEmpty()) {
                    problems.add(new FieldProblem(field + ".connection", "no provider connection of this account is named "
                            + c.connection().strip()));
                    continue;
                }
                if (channel != null && stored.get().connection().channel() != channel) {
                    problems.add(new FieldProblem(field + ".connection", "connection " + stored.get().connection().name()
                            + " carries " + stored.get().connection().channel().key() + ", not " + channel.key()));
                }
                if (!seen.add(stored.get().connection().id())) {
                    problems.add(new FieldProblem(field + ".connection", "is already in the route"));
                }
                entries.add(new Route.Entry(stored.get().connection().id(), weight));
            }
        }
        if (problems.isEmpty() && routes.exists(account, channel, prefix, id)) {
            problems.add(new FieldProblem("prefix", prefix.isEmpty()
                    ? "the account already has a route for " + channel.key() + " without a prefix"
                    : "the account already has a " + channel.key() + " route for prefix " + prefix));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new Route(id, account, channel, prefix, mode, entries, timeout, minRate, null, null);
    }

    private Optional<ProviderConnections.Stored> lookUp(UUID account, String nameOrId) {
        if (nameOrId.length() == 36) {
            try {
                return connections.find(account, UUID.fromString(nameOrId));
            } catch (IllegalArgumentException e) {
                // a name that looks like an id
            }
        }
        return connections.findByName(account, nameOrId);
    }
}
