package dev.herald.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The statements of data retention: what is erased from a message past its account's retention, and from the rows
 * that hang off it. Content and addresses go (the same redaction as erasing a contact, {@code {"erased": true}});
 * the rows stay with their statuses, channels, providers, costs, counts and times, so statistics do not change.
 */
@Repository
class RetainedMessages {

    static final String ERASED = "{\"erased\": true}";

    /** An account whose retention applies, and where its last run stopped looking. */
    record Due(UUID account, int retentionDays, Instant floor) {}

    private final JdbcClient jdbc;

    RetainedMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Due> accounts() {
        return jdbc.sql("SELECT id, retention_days, retention_floor FROM account WHERE status <> 'DELETING' ORDER BY id")
                .query((rs, i) -> new Due(rs.getObject("id", UUID.class), rs.getInt("retention_days"),
                        rs.getTimestamp("retention_floor") == null ? null : rs.getTimestamp("retention_floor").toInstant()))
                .list();
    }

    /**
     * Erases up to {@code batch} finished messages of the account made in [{@code floor}, {@code cutoff}), with
     * what hangs off them, in one transaction. Rows another node is erasing now are skipped (SKIP LOCKED).
     *
     * @return how many messages were erased
     */
    @Transactional
    int eraseBatch(UUID account, Instant floor, Instant cutoff, int batch) {
        UUID[] ids = jdbc.sql("""
                        UPDATE message SET address = NULL, content = :erased::jsonb
                        WHERE account_id = :acc AND id IN (
                            SELECT id FROM message
                            WHERE account_id = :acc AND created_at >= :floor AND created_at < :cutoff
                              AND status NOT IN ('CREATED', 'DELAYED', 'PAUSED', 'PENDING', 'SENT')
                              AND content <> :erased::jsonb
                            ORDER BY created_at LIMIT :batch FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .param("erased", ERASED).param("acc", account).param("floor", time(floor))
                .param("cutoff", time(cutoff)).param("batch", batch)
                .query(UUID.class).list().toArray(UUID[]::new);
        if (ids.length == 0) {
            return 0;
        }
        jdbc.sql("""
                        UPDATE flow SET destination = ?::jsonb, contents = NULL,
                            channel_plan = CASE jsonb_typeof(channel_plan)
                                WHEN 'array' THEN (SELECT coalesce(jsonb_agg(p - 'address'), '[]'::jsonb)
                                                   FROM jsonb_array_elements(channel_plan) p)
                                ELSE channel_plan END
                        WHERE account_id = ? AND id IN (SELECT flow_id FROM message WHERE account_id = ? AND id = ANY(?))
                          AND destination <> ?::jsonb
                          AND NOT EXISTS (SELECT 1 FROM message o WHERE o.account_id = flow.account_id
                                          AND o.flow_id = flow.id AND o.content <> ?::jsonb)""")
                .params(ERASED, account, account, ids, ERASED, ERASED).update();
        // the client's own data about the request (often an order or customer id), once no message of the group
        // keeps content; a group holds at most herald.api.max-destinations flows, so the check stays bounded
        jdbc.sql("""
                        UPDATE message_group g SET callback_data = NULL
                        WHERE g.account_id = ? AND g.callback_data IS NOT NULL
                          AND g.id IN (SELECT group_id FROM message WHERE account_id = ? AND id = ANY(?))
                          AND NOT EXISTS (SELECT 1 FROM message o WHERE o.group_id = g.id
                                          AND o.account_id = g.account_id AND o.content <> ?::jsonb)""")
                .params(account, account, ids, ERASED).update();
        jdbc.sql("""
                        UPDATE short_link SET url = '' WHERE account_id = ? AND url <> ''
                          AND flow_id IN (SELECT flow_id FROM message WHERE account_id = ? AND id = ANY(?))""")
                .params(account, account, ids).update();
        jdbc.sql("""
                        UPDATE short_link_click SET user_agent = NULL WHERE user_agent IS NOT NULL
                          AND code IN (SELECT code FROM short_link WHERE account_id = ?
                                       AND flow_id IN (SELECT flow_id FROM message WHERE account_id = ? AND id = ANY(?)))""")
                .params(account, account, ids).update();
        jdbc.sql("UPDATE sandbox_message SET address = 'erased', content = ?::jsonb WHERE account_id = ? AND message_id = ANY(?)")
                .params(ERASED, account, ids).update();
        jdbc.sql("""
                        UPDATE delivery_attempt SET detail = NULL WHERE detail IS NOT NULL AND message_id = ANY(?)
                          AND message_id IN (SELECT id FROM message WHERE account_id = ?)""")
                .params(ids, account).update();
        jdbc.sql("""
                        UPDATE message_status_event SET error = error - 'message'
                        WHERE message_id = ANY(?) AND error IS NOT NULL
                          AND message_id IN (SELECT id FROM message WHERE account_id = ?)""")
                .params(ids, account).update();
        // a finished callback's body names the recipient; one still being delivered finishes first
        jdbc.sql("DELETE FROM callback_outbox WHERE account_id = ? AND message_id = ANY(?) AND state <> 'PENDING'")
                .params(account, ids).update();
        jdbc.sql("UPDATE send_task_row SET destination = ?::jsonb, errors = NULL WHERE account_id = ? AND message_id = ANY(?)")
                .params(ERASED, account, ids).update();
        jdbc.sql("""
                        UPDATE chat_message SET text = NULL, payload = NULL, buttons = NULL, extra = NULL
                        WHERE account_id = ? AND message_id = ANY(?)""")
                .params(account, ids).update();
        return ids.length;
    }

    /**
     * Erases up to {@code batch} chat lines of the account older than {@code cutoff} that were not messages Herald
     * sent (those go with their message): what people wrote in, and replies not yet handed over. The inner
     * query's conditions are those of the partial index {@code chat_message_retained} (V55), which holds only
     * lines that still have something to erase.
     */
    @Transactional
    int eraseChatLines(UUID account, Instant cutoff, int batch) {
        return jdbc.sql("""
                        UPDATE chat_message SET text = NULL, payload = NULL, buttons = NULL, extra = NULL
                        WHERE account_id = :acc AND id IN (
                            SELECT id FROM chat_message
                            WHERE account_id = :acc AND created_at < :cutoff AND message_id IS NULL
                              AND status <> 'PENDING'
                              AND (text IS NOT NULL OR payload IS NOT NULL OR buttons IS NOT NULL OR extra IS NOT NULL)
                            LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                .param("acc", account).param("cutoff", time(cutoff)).param("batch", batch)
                .update();
    }

    /**
     * Erases what a batch of the account's events older than {@code cutoff} said: their parameters and the contact
     * locator they came with. The rows stay, so a contact's event history and the workflows' counts keep their
     * shape. No index serves {@code occurred_at} alone; the scan is per account and at most hourly.
     */
    int eraseEvents(UUID account, Instant cutoff, int batch) {
        return jdbc.sql("""
                        UPDATE event SET params = '{}'::jsonb, key_value = ''
                        WHERE account_id = :acc AND id IN (
                            SELECT id FROM event
                            WHERE account_id = :acc AND occurred_at < :cutoff
                              AND (params <> '{}'::jsonb OR key_value <> '')
                            LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                .param("acc", account).param("cutoff", time(cutoff)).param("batch", batch)
                .update();
    }

    /**
     * Where the next run starts: the oldest message before {@code cutoff} that still has content (unfinished now),
     * or {@code cutoff} when there is none.
     */
    void advanceFloor(UUID account, Instant floor, Instant cutoff) {
        jdbc.sql("""
                        UPDATE account SET retention_floor = coalesce(
                            (SELECT min(created_at) FROM message WHERE account_id = :acc AND created_at >= :floor
                               AND created_at < :cutoff AND content <> :erased::jsonb), :cutoff)
                        WHERE id = :acc""")
                .param("acc", account).param("floor", time(floor)).param("cutoff", time(cutoff))
                .param("erased", ERASED).update();
    }

    private static Timestamp time(Instant instant) {
        return Timestamp.from(instant == null ? Instant.EPOCH : instant);
    }
}
