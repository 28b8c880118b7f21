package dev.herald.policy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Counts capped messages per contact and category ({@code frequency_count}), for all nodes together: one
 * {@code INSERT ... ON CONFLICT DO UPDATE} per batch takes, for every (contact, category) of the batch, as many
 * of the wanted hand-overs as the cap still allows within its period. The row lock that the upsert takes orders
 * two nodes counting one contact at once; the second sees the first's count. Times are the engine's clock.
 */
@Repository
class FrequencyCounter {

    private static final String TAKE = """
            INSERT INTO frequency_count AS f (account_id, contact_id, category, sent_at, granted, cap, period_seconds)
            SELECT u.account_id, u.contact_id, u.category, array_fill(:now::timestamptz, ARRAY[LEAST(u.want, u.cap)]),
                   LEAST(u.want, u.cap), u.cap, u.seconds
            FROM unnest(:accounts::uuid[], :contacts::bigint[], :categories::text[], :wants::int[], :caps::int[],
                        :seconds::int[]) AS u(account_id, contact_id, category, want, cap, seconds)
            ORDER BY 1, 2, 3
            ON CONFLICT (account_id, contact_id, category) DO UPDATE SET
                granted = frequency_grant(f.sent_at, EXCLUDED.sent_at, EXCLUDED.cap,
                                          :now::timestamptz - make_interval(secs => EXCLUDED.period_seconds)),
                sent_at = frequency_recent(f.sent_at, :now::timestamptz - make_interval(secs => EXCLUDED.period_seconds))
                          || EXCLUDED.sent_at[1 : frequency_grant(f.sent_at, EXCLUDED.sent_at, EXCLUDED.cap,
                                          :now::timestamptz - make_interval(secs => EXCLUDED.period_seconds))],
                cap = EXCLUDED.cap,
                period_seconds = EXCLUDED.period_seconds
            RETURNING account_id, contact_id, category, granted""";

    private final JdbcClient jdbc;

    FrequencyCounter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Key(UUID accountId, long contactId, String category) {}

    /** {@code want} hand-overs for one contact and category, under a cap of {@code max} per {@code seconds}. */
    record Want(Key key, int want, int max, int seconds) {}

    /** How many of each wanted count may go now (the rest are over the cap). */
    Map<Key, Integer> take(List<Want> wants, Instant now) {
        Map<Key, Integer> granted = new HashMap<>();
        jdbc.sql(TAKE)
                .param("now", Timestamp.from(now))
                .param("accounts", wants.stream().map(w -> w.key().accountId()).toArray(UUID[]::new))
                .param("contacts", wants.stream().map(w -> w.key().contactId()).toArray(Long[]::new))
                .param("categories", wants.stream().map(w -> w.key().category()).toArray(String[]::new))
                .param("wants", wants.stream().map(Want::want).toArray(Integer[]::new))
                .param("caps", wants.stream().map(Want::max).toArray(Integer[]::new))
                .param("seconds", wants.stream().map(Want::seconds).toArray(Integer[]::new))
                .query((rs, i) -> granted.put(new Key(rs.getObject("account_id", UUID.class), rs.getLong("contact_id"),
                        rs.getString("category")), rs.getInt("granted")))
                .list();
        return granted;
    }
}
