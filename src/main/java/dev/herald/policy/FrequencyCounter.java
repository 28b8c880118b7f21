package dev.herald.policy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Counts capped messages per contact and category ({@code frequency_count}), for all nodes together: one
 * {@code INSERT ... ON CONFLICT DO UPDATE} per batch takes, for every (contact, category) of the batch, as many
 * of the wanted messages as the cap still allows within its period ({@code frequency_take}). The row lock the
 * upsert takes orders two nodes counting one contact at once; the second sees the first's count. A message is
 * counted once, however often it is claimed. Times are the engine's clock.
 */
@Repository
class FrequencyCounter {

    private static final String TAKE = """
            INSERT INTO frequency_count AS f (account_id, contact_id, category, sent_at, message_ids, wanted, cap,
                                              period_seconds)
            SELECT u.account_id, u.contact_id, u.category, t.new_sent, t.new_ids, u.wanted, u.cap, u.seconds
            FROM (SELECT r.account_id, r.contact_id, r.category, r.cap, r.seconds,
                         string_to_array(r.wanted, ',')::uuid[] AS wanted
                  FROM unnest(:accounts::uuid[], :contacts::bigint[], :categories::text[], :wanted::text[],
                              :caps::int[], :seconds::int[]) AS r(account_id, contact_id, category, wanted, cap, seconds)
                 ) u,
                 LATERAL frequency_take('{}', '{}', u.wanted, u.cap, :now::timestamptz - make_interval(secs => u.seconds),
                                        :now::timestamptz) t
            ORDER BY 1, 2, 3
            ON CONFLICT (account_id, contact_id, category) DO UPDATE SET
                (sent_at, message_ids) = (SELECT x.new_sent, x.new_ids FROM frequency_take(f.sent_at, f.message_ids,
                        EXCLUDED.wanted, EXCLUDED.cap,
                        :now::timestamptz - make_interval(secs => EXCLUDED.period_seconds), :now::timestamptz) x),
                wanted = EXCLUDED.wanted,
                cap = EXCLUDED.cap,
                period_seconds = EXCLUDED.period_seconds
            RETURNING message_ids""";

    private final JdbcClient jdbc;

    FrequencyCounter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Key(UUID accountId, long contactId, String category) {}

    /** Messages of one contact and category, under a cap of {@code max} per {@code seconds}. */
    record Want(Key key, List<UUID> messages, int max, int seconds) {}

    /**
     * The messages counted within their caps' periods for these contacts and categories: those of the wanted ones
     * that may go now (counted now or before); a wanted one not in it is over its cap.
     */
    Set<UUID> take(List<Want> wants, Instant now) {
        Set<UUID> granted = new HashSet<>();
        jdbc.sql(TAKE)
                .param("now", Timestamp.from(now))
                .param("accounts", wants.stream().map(w -> w.key().accountId()).toArray(UUID[]::new))
                .param("contacts", wants.stream().map(w -> w.key().contactId()).toArray(Long[]::new))
                .param("categories", wants.stream().map(w -> w.key().category()).toArray(String[]::new))
                .param("wanted", wants.stream().map(w -> w.messages().stream().map(UUID::toString)
                        .collect(Collectors.joining(","))).toArray(String[]::new))
                .param("caps", wants.stream().map(Want::max).toArray(Integer[]::new))
                .param("seconds", wants.stream().map(Want::seconds).toArray(Integer[]::new))
                .query((rs, i) -> {
                    for (UUID id : (UUID[]) rs.getArray("message_ids").getArray()) {
                        granted.add(id);
                    }
                    return null;
                })
                .list();
        return granted;
    }
}
