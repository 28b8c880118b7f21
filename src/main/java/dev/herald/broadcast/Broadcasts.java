package dev.herald.broadcast;

import dev.herald.db.LeasedTable;
import dev.herald.group.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broadcast and broadcast_recipient tables. Broadcasts are also worked as a queue: a SCHEDULED or RUNNING
 * broadcast that is due is claimed by one node at a time under a lease, moved on by one step (copy its
 * recipients, or hand over a chunk of them) and given back with the time it is next due.
 */
@Repository
class Broadcasts {

    static final String CHANNEL = "herald_broadcasts";

    record Claimed(long id, UUID accountId) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final LeasedTable<Claimed> queue;

    Broadcasts(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.queue = new LeasedTable<>(jdbc, clock,
                new LeasedTable.Shape("broadcast", "id", "", "q.status IN ('SCHEDULED', 'RUNNING')", "due_at", "id, account_id"),
                (rs, i) -> new Claimed(rs.getLong(1), rs.getObject(2, UUID.class)), Claimed::id);
    }

    /** The due SCHEDULED and RUNNING broadcasts, as the feeders' queue. */
    LeasedTable<Claimed> queue() {
        return queue;
    }

    Broadcast insert(UUID accountId, String name, long groupId, BroadcastDefinition definition, Instant startAt) {
        long id = jdbc.sql("""
                        INSERT INTO broadcast (account_id, name, group_id, definition, status, start_at, bulk_id, due_at)
                        VALUES (?, ?, ?, ?::jsonb, 'SCHEDULED', ?, ?, ?) RETURNING id""")
                .params(accountId, name, groupId, json.writeValueAsString(definition), Timestamp.from(startAt),
                        UUID.randomUUID(), Timestamp.from(startAt))
                .query(Long.class).single();
        wake();
        return find(accountId, id).orElseThrow();
    }

    /** Wakes the feeders of every node (a broadcast was created or is due). */
    void wake() {
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query().singleValue();
    }

    Optional<Broadcast> find(UUID accountId, long id) {
        return jdbc.sql("SELECT * FROM broadcast WHERE account_id = ? AND id = ?").params(accountId, id)
                .query(this::map).optional();
    }

    /** The broadcast, locked until the transaction ends (the feeder and a cancel take turns). */
    Optional<Broadcast> lock(UUID accountId, long id) {
        return jdbc.sql("SELECT * FROM broadcast WHERE account_id = ? AND id = ? FOR UPDATE").params(accountId, id)
                .query(this::map).optional();
    }

    long count(UUID accountId) {
        return jdbc.sql("SELECT count(*) FROM broadcast WHERE account_id = ?").param(accountId).query(Long.class).single();
    }

    /** Newest first. */
    List<Broadcast> list(UUID accountId, long offset, int limit) {
        return jdbc.sql("SELECT * FROM broadcast WHERE account_id = ? ORDER BY id DESC LIMIT ? OFFSET ?")
                .params(accountId, limit, offset).query(this::map).list();
    }

    /**
     * Copies the group's contacts at this moment into the broadcast's recipients, in one statement the database
     * runs by itself however large the group, and marks the broadcast RUNNING; answers how many.
     */
    int start(Broadcast broadcast, Where members) {
        List<Object> params = new ArrayList<>();
        params.add(broadcast.id());
        params.add(broadcast.accountId());
        params.addAll(members.params());
        int copied = jdbc.sql("INSERT INTO broadcast_recipient (account_id, broadcast_id, contact_id) SELECT c.account_id, ?, c.id FROM contact c "
                        + "WHERE c.account_id = ? AND c.deleted_at IS NULL AND (" + members.sql() + ") ON CONFLICT DO NOTHING")
                .params(params).update();
        jdbc.sql("""
                        UPDATE broadcast SET status = 'RUNNING', recipients_total = ?, started_at = ?
                        WHERE account_id = ? AND id = ?""")
                .params(copied, Timestamp.from(clock.instant()), broadcast.accountId(), broadcast.id()).update();
        return copied;
    }

    /** The next recipients in contact order after the broadcast's resume point. */
    List<Long> nextRecipients(Broadcast broadcast, int limit) {
        return jdbc.sql("""
                        SELECT contact_id FROM broadcast_recipient
                        WHERE account_id = ? AND broadcast_id = ? AND contact_id > ?
                        ORDER BY contact_id LIMIT ?""")
                .params(broadcast.accountId(), broadcast.id(), broadcast.nextContact(), limit).query(Long.class).list();
    }

    void handedOver(Broadcast broadcast, long lastContact, int count) {
        jdbc.sql("""
                        UPDATE broadcast SET next_contact = ?, recipients_handed = recipients_handed + ?
                        WHERE account_id = ? AND id = ?""")
                .params(lastContact, count, broadcast.accountId(), broadcast.id()).update();
    }

    /** Ends a broadcast that has not ended yet. */
    boolean finish(UUID accountId, long id, BroadcastStatus status, String problem) {
        return jdbc.sql("""
                        UPDATE broadcast SET status = ?, problem = coalesce(?, problem), finished_at = ?
                        WHERE account_id = ? AND id = ? AND status IN ('SCHEDULED', 'RUNNING')""")
                .params(status.name(), problem, Timestamp.from(clock.instant()), accountId, id).update() == 1;
    }

    /** Marks a broadcast that had handed everything over as cancelled (its waiting messages were withdrawn). */
    void cancelDone(UUID accountId, long id) {
        jdbc.sql("UPDATE broadcast SET status = 'CANCELLED', finished_at = ? WHERE account_id = ? AND id = ? AND status = 'DONE'")
                .params(Timestamp.from(clock.instant()), accountId, id).update();
    }

    void giveBack(long id, String node, Instant dueAt) {
        queue.giveBack(id, node, dueAt);
    }

    /** The broadcast's messages by status and by channel (what has left, been delivered, refused, ...). */
    Map<String, Map<String, Long>> statistics(UUID accountId, UUID bulkId) {
        Map<String, Map<String, Long>> byChannel = new HashMap<>();
        jdbc.sql("SELECT channel, status, count(*) FROM message WHERE bulk_id = ? AND account_id = ? GROUP BY channel, status")
                .params(bulkId, accountId)
                .query(rs -> {
                    byChannel.computeIfAbsent(rs.getString(1).toLowerCase(java.util.Locale.ROOT), k -> new HashMap<>())
                            .put(rs.getString(2), rs.getLong(3));
                });
        return byChannel;
    }

    private Broadcast map(ResultSet rs, int row) throws SQLException {
        return new Broadcast(rs.getLong("id"), rs.getObject("account_id", UUID.class), rs.getString("name"),
                rs.getLong("group_id"), json.readValue(rs.getString("definition"), BroadcastDefinition.class),
                BroadcastStatus.valueOf(rs.getString("status")), rs.getTimestamp("start_at").toInstant(),
                rs.getObject("bulk_id", UUID.class), rs.getInt("recipients_total"), rs.getInt("recipients_handed"),
                rs.getLong("next_contact"), rs.getString("problem"), rs.getTimestamp("created_at").toInstant(),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
