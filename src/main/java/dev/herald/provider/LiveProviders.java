package dev.herald.provider;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionKey;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SendResult;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The open providers of account connections, one per connection and node, opened on first use. A cached
 * provider is checked against the connection's version at most every {@link #RECHECK} (a change made on
 * another node reaches this one within that time); a stale one is closed and opened again.
 */
@Component
public class LiveProviders implements DisposableBean {

    static final Duration RECHECK = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(LiveProviders.class);

    /**
     * @param opened   what the adapter opened, closed when the connection changes
     * @param provider what senders get: {@code opened} behind the send-time address check
     */
    private record Live(ChannelProvider opened, ChannelProvider provider, ProviderConnection connection, long version,
                        long checkedAt) {

        Live(ChannelProvider provider, ProviderConnection connection, long version, long checkedAt) {
            this(provider, provider, connection, version, checkedAt);
        }
    }

    private final ProviderConnections connections;
    private final ProviderTypes types;
    private final ProviderAddressGuard addresses;
    private final Map<UUID, Live> live = new ConcurrentHashMap<>();

    LiveProviders(ProviderConnections connections, ProviderTypes types, ProviderAddressGuard addresses) {
        this.connections = connections;
        this.types = types;
        this.addresses = addresses;
    }

    /** The provider of connection {@code id}; a deleted connection's provider refuses every message. */
    public ChannelProvider get(UUID id) {
        Live current = live.get(id);
        long now = System.nanoTime();
        if (current != null && now - current.checkedAt() < RECHECK.toNanos()) {
            return current.provider();
        }
        Optional<Long> version = connections.version(id);
        if (current != null && version.isPresent() && version.get() == current.version()) {
            live.put(id, new Live(current.opened(), current.provider(), current.connection(), current.version(), now));
            return current.provider();
        }
        return live.compute(id, (key, existing) -> {
            if (existing != null && version.isPresent() && existing.version() == version.get()) {
                return existing;
            }
            close(existing);
            return open(key, System.nanoTime());
        }).provider();
    }

    /** The settings the connection's live provider works with; empty once the connection is deleted. */
    public Optional<ProviderConnection> connection(UUID id) {
        get(id);
        Live current = live.get(id);
        return current == null ? Optional.empty() : Optional.ofNullable(current.connection());
    }

    /** Closes a connection's provider now, e.g. when it is changed or deleted on this node. */
    void evict(UUID id) {
        close(live.remove(id));
    }

    private Live open(UUID id, long now) {
        Optional<ProviderConnection> connection = connections.find(id);
        if (connection.isEmpty()) {
            return new Live(new Gone(new ConnectionKey(id).toString()), null, -1, now);
        }
        ProviderConnection c = connection.get();
        Optional<ChannelProvider> opened = types.find(c.type()).map(type -> type.open(c));
        if (opened.isEmpty()) {
            return new Live(new Gone(c.key()), c, c.version(), now);
        }
        return new Live(opened.get(), new AddressChecked(opened.get(), c, addresses), c, c.version(), now);
    }

    private static void close(Live live) {
        if (live != null && live.opened() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Closing provider {} failed: {}", live.provider().name(), e.toString());
            }
        }
    }

    @Override
    public void destroy() {
        live.values().forEach(LiveProviders::close);
        live.clear();
    }

    /**
     * Checks the connection's hosts again before every send: they passed the SSRF check when stored, but a
     * name may since resolve to the operator's own network (DNS rebinding). The JVM caches lookups, so this
     * mostly costs a map lookup and sees what the adapter's connection will see.
     */
    private record AddressChecked(ChannelProvider provider, ProviderConnection connection,
                                  ProviderAddressGuard addresses) implements ChannelProvider {

        @Override
        public String name() {
            return provider.name();
        }

        @Override
        public boolean supports(Channel channel) {
            return provider.supports(channel);
        }

        @Override
        public SendResult send(OutboundMessage message) {
            Optional<String> refusal = addresses.refusalNow(connection.settings());
            return refusal.<SendResult>map(reason -> new SendResult.PermanentFailure("PROVIDER_ADDRESS_REFUSED", reason))
                    .orElseGet(() -> provider.send(message));
        }

        /** The provider's own batch, the hosts checked once for all of it. */
        @Override
        public List<SendResult> sendAll(List<OutboundMessage> messages) {
            Optional<String> refusal = addresses.refusalNow(connection.settings());
            if (refusal.isPresent()) {
                SendResult refused = new SendResult.PermanentFailure("PROVIDER_ADDRESS_REFUSED", refusal.get());
                return Collections.nCopies(messages.size(), refused);
            }
            return provider.sendAll(messages);
        }

        @Override
        public boolean reportsDelivery() {
            return provider.reportsDelivery();
        }
    }

    /** Stands for a connection that was deleted (or whose type is gone) while messages still named it. */
    private record Gone(String name) implements ChannelProvider {

        @Override
        public boolean supports(Channel channel) {
            return true;
        }

        @Override
        public SendResult send(OutboundMessage message) {
            return new SendResult.PermanentFailure("PROVIDER_GONE",
                    "The provider connection this message was routed to has been deleted");
        }
    }
}
