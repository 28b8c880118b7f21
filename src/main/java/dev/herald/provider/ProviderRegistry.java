package dev.herald.provider;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionKey;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderSet;
import dev.herald.channel.sandbox.SandboxProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Finds the provider for a channel. A request may name one: an account's connection (by name or id) or a
 * provider the operator configured (the sandbox, HTTP gateways). No name means the account's default
 * connection for the channel, else the channel's built-in provider: a configured provider named after the
 * channel (the {@code chat} channel's session provider), else the sandbox. TWIN's built-in provider names,
 * {@code TWIN} and {@code APN} (any case), mean that default route too, because TWIN clients send them (its own
 * examples do) for the platform's own delivery; an account's connection of that name on the
 * channel still wins.
 */
@Component
public class ProviderRegistry {

    /** TWIN's names for its own delivery, lower case. */
    private static final Set<String> DEFAULT_ROUTE_ALIASES = Set.of("twin", "apn");

    private final Map<String, ChannelProvider> configured;
    private final ProviderConnections connections;
    private final LiveProviders live;
    private final ObjectProvider<ChannelRoutes> routes;

    ProviderRegistry(List<ChannelProvider> providers, List<ProviderSet> sets, ProviderConnections connections,
                     LiveProviders live, ObjectProvider<ChannelRoutes> routes) {
        this.configured = Stream.concat(providers.stream(), sets.stream().flatMap(set -> set.providers().stream()))
                .collect(Collectors.toUnmodifiableMap(p -> p.name().toLowerCase(Locale.ROOT), Function.identity()));
        this.connections = connections;
        this.live = live;
        this.routes = routes;
    }

    /**
     * The name of the provider that {@code account}'s messages on {@code channel} go through when the request
     * names {@code requested} (blank = default route), or empty if nothing by that name carries the channel.
     * Messages record this name; {@link #byName} turns it back into the provider.
     */
    public Optional<String> route(UUID account, Channel channel, String requested) {
        if (requested == null || requested.isBlank()) {
            return Optional.of(defaultRoute(account, channel));
        }
        Optional<ProviderConnections.Route> connection = connection(account, requested.strip());
        boolean alias = DEFAULT_ROUTE_ALIASES.contains(requested.strip().toLowerCase(Locale.ROOT));
        if (connection.isPresent() && (connection.get().channel() == channel || !alias)) {
            return connection.filter(c -> c.channel() == channel).map(ProviderConnections.Route::key);
        }
        if (alias) {
            return Optional.of(defaultRoute(account, channel));
        }
        return Optional.ofNullable(configured.get(requested.strip().toLowerCase(Locale.ROOT)))
                .filter(p -> p.supports(channel))
                .map(ChannelProvider::name);
    }

    /** What a request may name for {@code channel}, for error messages. */
    public String known(UUID account, Channel channel) {
        return Stream.of(
                        connections.list(account, channel, null).stream().map(s -> s.connection().name()),
                        configured.values().stream().filter(p -> p.supports(channel)).map(ChannelProvider::name),
                        Stream.of("TWIN or APN (the default route)"))
                .flatMap(Function.identity())
                .collect(Collectors.joining(", "));
    }

    private String defaultRoute(UUID account, Channel channel) {
        ChannelRoutes routed = routes.getIfAvailable();
        if (routed != null && routed.routes(account, channel)) {
            return ChannelRoutes.routeName(channel);
        }
        return defaultConnection(account, channel);
    }

    /** The account's default connection for the channel, else its built-in provider; routes not considered. */
    public String defaultConnection(UUID account, Channel channel) {
        return connections.findDefaultRoute(account, channel)
                .map(ProviderConnections.Route::key)
                .orElseGet(() -> builtIn(channel));
    }

    /** The provider a message recorded by {@link #route}. */
    public ChannelProvider byName(String name) {
        Optional<ConnectionKey> connection = ConnectionKey.parse(name);
        if (connection.isPresent()) {
            return live.get(connection.get().connectionId());
        }
        ChannelProvider provider = configured.get(name.toLowerCase(Locale.ROOT));
        if (provider == null) {
            throw new IllegalStateException("No provider named " + name);
        }
        return provider;
    }

    /** The connection behind a provider name recorded by {@link #route}, if it is one. */
    public Optional<ProviderConnection> connectionOf(String name) {
        return ConnectionKey.parse(name).flatMap(key -> live.connection(key.connectionId()));
    }

    private String builtIn(Channel channel) {
        ChannelProvider own = configured.get(channel.key());
        return own != null && own.supports(channel) ? own.name() : SandboxProvider.NAME;
    }

    private Optional<ProviderConnections.Route> connection(UUID account, String nameOrId) {
        Optional<UUID> id = parseUuid(nameOrId);
        return connections.findRoute(account, id.orElse(null), nameOrId);
    }

    private static Optional<UUID> parseUuid(String value) {
        try {
            return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
