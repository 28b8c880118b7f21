package dev.herald.routing;

import dev.herald.channel.Channel;
import dev.herald.provider.ChannelRoutes;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The accounts' routes as the intake and every hand-over read them: cached per account and channel for
 * {@link #RECHECK}, so a change made on another node is followed within that time and a hand-over costs no query.
 */
@Component
public class RouteBook implements ChannelRoutes {

    static final Duration RECHECK = Duration.ofSeconds(2);

    private record Key(UUID account, Channel channel) {}

    private record Cached(List<Route> routes, long readAt) {}

    private final Routes routes;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    RouteBook(Routes routes) {
        this.routes = routes;
    }

    @Override
    public boolean routes(UUID account, Channel channel) {
        return !of(account, channel).isEmpty();
    }

    /** The account's routes of a channel, longest prefix first. */
    List<Route> of(UUID account, Channel channel) {
        Key key = new Key(account, channel);
        Cached cached = cache.get(key);
        long now = System.nanoTime();
        if (cached == null || now - cached.readAt() > RECHECK.toNanos()) {
            List<Route> read = routes.list(account, channel).stream()
                    .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed()).toList();
            cached = new Cached(read, now);
            cache.put(key, cached);
        }
        return cached.routes();
    }

    /** The route a destination takes: the longest prefix it starts with, else the channel's catch-all. */
    Optional<Route> routeFor(UUID account, Channel channel, String address) {
        return of(account, channel).stream().filter(r -> r.matches(address)).findFirst();
    }

    /** Forgets what this node read of an account's routes, after it changed them. */
    void changed(UUID account) {
        cache.keySet().removeIf(key -> key.account().equals(account));
    }
}
