package dev.herald.link;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The short_link and short_link_click tables. */
@Repository
class ShortLinks {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ShortLinks(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** One multi-row insert for all the links. */
    void insert(List<NewShortLink> links) {
        if (links.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO short_link (code, account_id, flow_id, channel, url)
                        SELECT * FROM unnest(:codes::text[], :accounts::uuid[], :flows::uuid[], :channels::text[], :urls::text[])""")
                .param("codes", links.stream().map(NewShortLink::code).toArray(String[]::new))
                .param("accounts", links.stream().map(link -> link.accountId().toString()).toArray(String[]::new))
                .param("flows", links.stream().map(link -> link.flowId().toString()).toArray(String[]::new))
                .param("channels", links.stream().map(link -> link.channel().name()).toArray(String[]::new))
                .param("urls", links.stream().map(NewShortLink::url).toArray(String[]::new))
                .update();
    }

    /** The original URL of a code: the one look-up on the redirect path. */
    Optional<String> url(String code) {
        // a link whose target the account's data retention erased ('') leads nowhere
        return jdbc.sql("SELECT url FROM short_link WHERE code = ? AND url <> ''").param(code).query(String.class)
                .optional();
    }

    /** One opening of a link. */
    record Click(String code, Instant at, String userAgent, boolean preview) {}

    /** The message a link was clicked in for the first time, as its provider knows it. */
    record FirstClick(String provider, String providerMessageId) {}

    /**
     * Stores clicks and counts them on their links (previews are stored, not counted).
     *
     * @return the messages whose links were clicked for the first time by these clicks, in flow order (the
     *         order status changes lock flows in); a message not yet recorded as sent is left out
     */
    List<FirstClick> record(List<Click> clicks) {
        batch.batchUpdate("INSERT INTO short_link_click (code, at, user_agent, preview) VALUES (?, ?, ?, ?)",
                clicks, 1000, (ps, click) -> {
                    ps.setString(1, click.code());
                    ps.setTimestamp(2, Timestamp.from(click.at()));
                    ps.setString(3, click.userAgent());
                    ps.setBoolean(4, click.preview());
                });
        Map<String, List<Click>> counted = new LinkedHashMap<>();
        clicks.stream().filter(click -> !click.preview())
                .forEach(click -> counted.computeIfAbsent(click.code(), code -> new ArrayList<>()).add(click));
        if (counted.isEmpty()) {
            return List.of();
        }
        String[] codes = counted.keySet().toArray(String[]::new);
        Integer[] counts = counted.values().stream().map(List::size).toArray(Integer[]::new);
        Timestamp[] firsts = counted.values().stream()
                .map(list -> Timestamp.from(list.stream().map(Click::at).min(Comparator.naturalOrder()).orElseThrow()))
                .toArray(Timestamp[]::new);
        Timestamp[] lasts = counted.values().stream()
                .map(list -> Timestamp.from(list.stream().map(Click::at).max(Comparator.naturalOrder()).orElseThrow()))
                .toArray(Timestamp[]::new);
        // Links locked in code order, so two batches never wait on each other in a circle; NO KEY UPDATE, as
        // the UPDATE takes, so that it does not conflict with the KEY SHARE locks the clicks' foreign keys
        // took above. The old first_clicked_at tells which links these clicks opened first.
        return jdbc.sql("""
                        WITH counted AS (
                            SELECT * FROM unnest(:codes::text[], :counts::int[], :firsts::timestamptz[], :lasts::timestamptz[])
                                AS c (code, n, first_at, last_at)),
                        old AS (
                            SELECT l.code, l.first_clicked_at IS NULL AS first FROM short_link l
                            WHERE l.code = ANY(:codes) ORDER BY l.code FOR NO KEY UPDATE),
                        updated AS (
                            UPDATE short_link l
                            SET click_count = l.click_count + c.n,
                                first_clicked_at = coalesce(l.first_clicked_at, c.first_at),
                                last_clicked_at = greatest(l.last_clicked_at, c.last_at)
                            FROM counted c JOIN old ON old.code = c.code
                            WHERE l.code = c.code
                            RETURNING l.flow_id, l.channel, old.first)
                        SELECT DISTINCT m.flow_id, m.provider, m.provider_message_id
                        FROM updated u JOIN message m ON m.flow_id = u.flow_id AND m.channel = u.channel
                        WHERE u.first AND m.provider_message_id IS NOT NULL
                        ORDER BY m.flow_id""")
                .param("codes", codes)
                .param("counts", counts)
                .param("firsts", firsts)
                .param("lasts", lasts)
                .query((rs, i) -> new FirstClick(rs.getString("provider"), rs.getString("provider_message_id")))
                .list();
    }

    /** The links of one message of the account, or empty when it has no such message. */
    Optional<List<ShortLinkView>> forMessage(UUID accountId, UUID messageId, String prefix) {
        boolean exists = jdbc.sql("SELECT 1 FROM message WHERE account_id = ? AND id = ?")
                .params(accountId, messageId).query().listOfRows().size() == 1;
        if (!exists) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("""
                        SELECT l.*, m.id AS message_id
                        FROM message m JOIN short_link l ON l.flow_id = m.flow_id AND l.channel = m.channel
                        WHERE m.account_id = ? AND m.id = ? AND l.account_id = ?
                        ORDER BY l.created_at, l.code""")
                .params(accountId, messageId, accountId)
                .query((rs, i) -> new ShortLinkView(
                        rs.getString("code"),
                        prefix + rs.getString("code"),
                        rs.getString("url"),
                        rs.getObject("message_id", UUID.class),
                        rs.getObject("flow_id", UUID.class),
                        rs.getString("channel"),
                        rs.getInt("click_count"),
                        instant(rs.getTimestamp("first_clicked_at")),
                        instant(rs.getTimestamp("last_clicked_at")),
                        instant(rs.getTimestamp("created_at"))))
                .list());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
