package dev.herald.provider;

import dev.herald.channel.Channel;
import dev.herald.channel.ConnectionKey;
import dev.herald.channel.ConnectionLookup;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderType;
import dev.herald.support.SecretBox;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The provider_connection table. Secret settings are sealed together as one JSON object bound to the
 * connection's id, so a sealed value copied to another row does not open.
 */
@Repository
public class ProviderConnections implements ConnectionLookup {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    /** A stored connection with the columns the API shows. */
    public record Stored(ProviderConnection connection, boolean isDefault, Instant createdAt, Instant updatedAt) {}

    /**
     * How long a route found for a send is used again without a look-up: every API send names its route (or takes
     * the default), and that look-up was a statement per request. Writes on this node empty the cache at once; a
     * change made on another node is seen within this long. Only found routes are kept, so a connection created
     * anywhere can be used at once.
     */
    private static final Duration ROUTE_TTL = Duration.ofSeconds(1);
    private static final int ROUTES_KEPT = 10_000;

    private record RouteKey(UUID accountId, UUID id, String name, Channel defaultFor) {}

    private record KeptRoute(Route route, long until) {}

    private final Map<RouteKey, KeptRoute> routes = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final SecretBox box;
    private final ObjectMapper json;
    private final ProviderTypes types;

    ProviderConnections(JdbcClient jdbc, SecretBox box, ObjectMapper json, ProviderTypes types) {
        this.jdbc = jdbc;
        this.box = box;
        this.json = json;
        this.types = types;
    }

    /** Any account's connection: for webhooks, which prove who they are by the provider's signature. */
    @Override
    public Optional<ProviderConnection> find(UUID id) {
        return jdbc.sql("SELECT * FROM provider_connection WHERE id = ?").param(id)
                .query(this::map).optional().map(Stored::connection);
    }

    public Optional<Stored> find(UUID accountId, UUID id) {
        return jdbc.sql("SELECT * FROM provider_connection WHERE account_id = ? AND id = ?").params(accountId, id)
                .query(this::map).optional();
    }

    public Optional<Stored> findByName(UUID accountId, String name) {
        return jdbc.sql("SELECT * FROM provider_connection WHERE account_id = ? AND lower(name) = lower(?)")
                .params(accountId, name)
                .query(this::map).optional();
    }

    /**
     * Where a connection routes, without its settings: what a send needs to pick it, read without decrypting
     * its secrets (which took most of a single-message send's time in the intake).
     */
    public record Route(UUID id, Channel channel) {

        public String key() {
            return new ConnectionKey(id).toString();
        }
    }

    /** The route of the account's connection named {@code name} (any case) or with id {@code id}. */
    public Optional<Route> findRoute(UUID accountId, UUID id, String name) {
        return kept(new RouteKey(accountId, id, id != null ? null : name, null), () -> jdbc.sql(id != null
                        ? "SELECT id, channel FROM provider_connection WHERE account_id = ? AND id = ?"
                        : "SELECT id, channel FROM provider_connection WHERE account_id = ? AND lower(name) = lower(?)")
                .params(accountId, id != null ? id : name)
                .query((rs, i) -> new Route(rs.getObject(1, UUID.class), Channel.valueOf(rs.getString(2))))
                .optional());
    }

    /** The route of the account's default connection for {@code channel}. */
    public Optional<Route> findDefaultRoute(UUID accountId, Channel channel) {
        return kept(new RouteKey(accountId, null, null, channel), () -> jdbc.sql(
                        "SELECT id, channel FROM provider_connection WHERE account_id = ? AND channel = ? AND is_default")
                .params(accountId, channel.name())
                .query((rs, i) -> new Route(rs.getObject(1, UUID.class), Channel.valueOf(rs.getString(2))))
                .optional());
    }

    /** A route found within {@link #ROUTE_TTL}, else looked up (and kept when found). */
    private Optional<Route> kept(RouteKey key, Supplier<Optional<Route>> lookUp) {
        long now = System.nanoTime();
        KeptRoute kept = routes.get(key);
        if (kept != null && now - kept.until() < 0) {
            return Optional.of(kept.route());
        }
        Optional<Route> found = lookUp.get();
        if (found.isPresent()) {
            if (routes.size() >= ROUTES_KEPT) {
                routes.clear();
            }
            routes.put(key, new KeptRoute(found.get(), now + ROUTE_TTL.toNanos()));
        } else {
            routes.remove(key);
        }
        return found;
    }

    public Optional<Stored> findDefault(UUID accountId, Channel channel) {
        return jdbc.sql("SELECT * FROM provider_connection WHERE account_id = ? AND channel = ? AND is_default")
                .params(accountId, channel.name())
                .query(this::map).optional();
    }

    public List<Stored> list(UUID accountId, Channel channel, String type) {
        return jdbc.sql("""
                        SELECT * FROM provider_connection
                        WHERE account_id = ? AND (?::text IS NULL OR channel = ?) AND (?::text IS NULL OR type = ?)
                        ORDER BY created_at, id""")
                .params(accountId, channel == null ? null : channel.name(), channel == null ? null : channel.name(),
                        type, type)
                .query(this::map).list();
    }

    /** The version of a connection, or empty once deleted: how live providers learn they are stale. */
    public Optional<Long> version(UUID id) {
        return jdbc.sql("SELECT version FROM provider_connection WHERE id = ?").param(id).query(Long.class).optional();
    }

    void insert(ProviderConnection c, boolean isDefault) {
        if (isDefault) {
            clearDefault(c.accountId(), c.channel());
        }
        jdbc.sql("""
                        INSERT INTO provider_connection (id, account_id, name, type, channel, is_default, settings, sealed_secrets)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(c.id(), c.accountId(), c.name(), c.type(), c.channel().name(), isDefault,
                        json.writeValueAsString(plain(c)), seal(c))
                .update();
        routes.clear();
    }

    void update(ProviderConnection c, boolean isDefault) {
        if (isDefault) {
            clearDefault(c.accountId(), c.channel());
        }
        jdbc.sql("""
                        UPDATE provider_connection
                        SET name = ?, channel = ?, is_default = ?, settings = ?::jsonb, sealed_secrets = ?,
                            version = version + 1, updated_at = now()
                        WHERE account_id = ? AND id = ?""")
                .params(c.name(), c.channel().name(), isDefault, json.writeValueAsString(plain(c)), seal(c),
                        c.accountId(), c.id())
                .update();
        routes.clear();
    }

    boolean delete(UUID accountId, UUID id) {
        boolean deleted = jdbc.sql("DELETE FROM provider_connection WHERE account_id = ? AND id = ?").params(accountId, id)
                .update() > 0;
        routes.clear();
        return deleted;
    }

    private void clearDefault(UUID accountId, Channel channel) {
        jdbc.sql("UPDATE provider_connection SET is_default = false WHERE account_id = ? AND channel = ? AND is_default")
                .params(accountId, channel.name())
                .update();
    }

    private Map<String, String> plain(ProviderConnection c) {
        Map<String, String> plain = new LinkedHashMap<>();
        c.settings().forEach((k, v) -> {
            if (!isSecret(c.type(), k)) {
                plain.put(k, v);
            }
        });
        return plain;
    }

    private String seal(ProviderConnection c) {
        Map<String, String> secrets = new LinkedHashMap<>();
        c.settings().forEach((k, v) -> {
            if (isSecret(c.type(), k)) {
                secrets.put(k, v);
            }
        });
        return box.seal(json.writeValueAsBytes(secrets), context(c.id()));
    }

    private boolean isSecret(String type, String setting) {
        return types.find(type).map(ProviderType::fields).orElse(List.of()).stream()
                .anyMatch(f -> f.secret() && f.name().equals(setting));
    }

    private Stored map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Map<String, String> settings = new LinkedHashMap<>(json.readValue(rs.getString("settings"), STRING_MAP));
        settings.putAll(json.readValue(new String(box.open(rs.getString("sealed_secrets"), context(id)),
                StandardCharsets.UTF_8), STRING_MAP));
        String type = rs.getString("type");
        // Defaults are filled in on read, so a default added to a type later reaches existing connections.
        types.find(type).ifPresent(t -> t.fields().stream()
                .filter(f -> f.defaultValue() != null)
                .forEach(f -> settings.putIfAbsent(f.name(), f.defaultValue())));
        ProviderConnection connection = new ProviderConnection(id, rs.getObject("account_id", UUID.class),
                rs.getString("name"), type, Channel.valueOf(rs.getString("channel")), Map.copyOf(settings),
                rs.getLong("version"));
        return new Stored(connection, rs.getBoolean("is_default"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static String context(UUID connectionId) {
        return "provider-connection:" + connectionId;
    }
}
