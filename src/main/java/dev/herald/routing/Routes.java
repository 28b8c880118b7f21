package dev.herald.routing;

import dev.herald.channel.Channel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code provider_route} and {@code provider_route_entry} tables. Every query is the account's own. */
@Repository
class Routes {

    private static final String SELECT = """
            SELECT r.*, e.position, e.connection_id, e.weight
            FROM provider_route r JOIN provider_route_entry e ON e.route_id = r.id AND e.account_id = r.account_id
            """;

    private final JdbcClient jdbc;

    Routes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Route> list(UUID account, Channel channel) {
        return gather(jdbc.sql(SELECT + " WHERE r.account_id = :account AND (:channel::text IS NULL OR r.channel = :channel)"
                        + " ORDER BY r.channel, r.prefix, e.position")
                .param("account", account)
                .param("channel", channel == null ? null : channel.key())
                .query(Routes::row).list());
    }

    Optional<Route> find(UUID account, UUID id) {
        return gather(jdbc.sql(SELECT + " WHERE r.account_id = ? AND r.id = ? ORDER BY e.position")
                .params(account, id).query(Routes::row).list()).stream().findFirst();
    }

    boolean exists(UUID account, Channel channel, String prefix, UUID except) {
        return jdbc.sql("SELECT count(*) FROM provider_route WHERE account_id = ? AND channel = ? AND prefix = ? AND id <> ?")
                .params(account, channel.key(), prefix, except).query(Long.class).single() > 0;
    }

    /** Stores a new route, or replaces the one with its id, entries and all. */
    void save(Route route, boolean isNew) {
        if (isNew) {
            jdbc.sql("""
                            INSERT INTO provider_route (id, account_id, channel, prefix, mode, report_timeout_seconds,
                                                        min_delivery_rate)
                            VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(route.id(), route.accountId(), route.channel().key(), route.prefix(), route.mode().name(),
                            route.reportTimeoutSeconds(), route.minDeliveryRate())
                    .update();
        } else {
            jdbc.sql("""
                            UPDATE provider_route SET channel = ?, prefix = ?, mode = ?, report_timeout_seconds = ?,
                                   min_delivery_rate = ?, version = version + 1, updated_at = now()
                            WHERE account_id = ? AND id = ?""")
                    .params(route.channel().key(), route.prefix(), route.mode().name(), route.reportTimeoutSeconds(),
                            route.minDeliveryRate(), route.accountId(), route.id())
                    .update();
            jdbc.sql("DELETE FROM provider_route_entry WHERE account_id = ? AND route_id = ?")
                    .params(route.accountId(), route.id()).update();
        }
        List<Route.Entry> entries = route.entries();
        jdbc.sql("""
                        INSERT INTO provider_route_entry (route_id, account_id, position, connection_id, weight)
                        SELECT ?, ?, e.position, e.connection_id, e.weight
                        FROM unnest(?::int[], ?::uuid[], ?::int[]) AS e(position, connection_id, weight)""")
                .params(route.id(), route.accountId(),
                        java.util.stream.IntStream.range(0, entries.size()).boxed().toArray(Integer[]::new),
                        entries.stream().map(Route.Entry::connectionId).toArray(UUID[]::new),
                        entries.stream().map(Route.Entry::weight).toArray(Integer[]::new))
                .update();
    }

    boolean delete(UUID account, UUID id) {
        return jdbc.sql("DELETE FROM provider_route WHERE account_id = ? AND id = ?").params(account, id).update() > 0;
    }

    /** Takes a connection out of the account's routes (it is being deleted); a route left empty goes too. */
    void removeConnection(UUID account, UUID connectionId) {
        jdbc.sql("DELETE FROM provider_route_entry WHERE account_id = ? AND connection_id = ?")
                .params(account, connectionId).update();
        jdbc.sql("""
                        DELETE FROM provider_route r WHERE r.account_id = ?
                        AND NOT EXISTS (SELECT 1 FROM provider_route_entry e WHERE e.account_id = r.account_id AND e.route_id = r.id)""")
                .param(account).update();
    }

    private record Row(Route head, Route.Entry entry) {}

    private static Row row(ResultSet rs, int i) throws SQLException {
        Integer timeout = (Integer) rs.getObject("report_timeout_seconds");
        Double minRate = (Double) rs.getObject("min_delivery_rate");
        Route head = new Route(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                Channel.parse(rs.getString("channel")).orElseThrow(), rs.getString("prefix"),
                Route.Mode.valueOf(rs.getString("mode")), List.of(), timeout, minRate,
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
        return new Row(head, new Route.Entry(rs.getObject("connection_id", UUID.class), rs.getInt("weight")));
    }

    private static List<Route> gather(List<Row> rows) {
        Map<UUID, Route> heads = new LinkedHashMap<>();
        Map<UUID, List<Route.Entry>> entries = new LinkedHashMap<>();
        for (Row row : rows) {
            heads.putIfAbsent(row.head().id(), row.head());
            entries.computeIfAbsent(row.head().id(), id -> new ArrayList<>()).add(row.entry());
        }
        return heads.values().stream().map(h -> new Route(h.id(), h.accountId(), h.channel(), h.prefix(), h.mode(),
                entries.get(h.id()), h.reportTimeoutSeconds(), h.minDeliveryRate(), h.createdAt(), h.updatedAt())).toList();
    }
}
