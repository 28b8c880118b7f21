package dev.herald.policy;

import dev.herald.channel.Channel;
import dev.herald.delivery.ContactPolicy;
import dev.herald.delivery.MessageError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The contact policy the delivery engine applies to each claimed batch, in two statements whatever its size: one
 * reads, per message, its category and criticality, its contact (the destination's contactId, else the contact
 * whose e-mail, phone or messenger token the address is), the opt-outs that match, the quiet hours and the cap;
 * one counts the capped messages per contact and category ({@link FrequencyCounter}). In that order a message
 * is refused for an opt-out (even when critical), held for quiet hours, refused for a cap; an e-mail of a category
 * that goes gets its {@code List-Unsubscribe} URL.
 */
@Component
class DeliveryPolicy implements ContactPolicy {

    private static final String JUDGE = """
            WITH batch AS (
                SELECT * FROM unnest(:ids::uuid[], :accounts::uuid[], :channels::text[], :addresses::text[])
                    AS b(message_id, account_id, channel, address)),
            info AS (
                SELECT b.*, g.category, g.critical,
                       coalesce((f.destination -> 'contact' ->> 'contactId')::bigint,
                                (f.destination ->> 'contactId')::bigint) AS given_contact
                FROM batch b
                JOIN message m ON m.id = b.message_id AND m.account_id = b.account_id
                JOIN message_group g ON g.id = m.group_id AND g.account_id = b.account_id
                JOIN flow f ON f.id = m.flow_id AND f.account_id = b.account_id)
            SELECT i.message_id, i.category, i.critical, c.id AS contact_id, c.time_zone AS contact_zone,
                   a.time_zone AS account_zone, p.quiet_from::text AS quiet_from, p.quiet_to::text AS quiet_to,
                   cap.max_messages, cap.period_seconds,
                   EXISTS (SELECT 1 FROM contact_unsubscribe u
                           WHERE u.account_id = i.account_id AND u.contact_id = c.id
                             AND u.channel IN ('*', i.channel)
                             AND (u.category = '*' OR u.category = i.category)
                             -- an unconfirmed contact still gets its confirmation (sent as critical)
                             AND NOT (i.critical AND u.source = 'unconfirmed')) AS opted_out,
                   (i.category IS NOT NULL AND i.channel = 'email' AND EXISTS (
                           SELECT 1 FROM unsubscribed_email e
                           WHERE e.account_id = i.account_id AND e.email = lower(i.address))) AS email_listed
            FROM info i
            JOIN account a ON a.id = i.account_id
            LEFT JOIN contact_policy p ON p.account_id = i.account_id
            LEFT JOIN frequency_cap cap ON cap.account_id = i.account_id AND cap.category = i.category
            LEFT JOIN LATERAL (
                SELECT c.id, c.time_zone FROM contact c
                WHERE c.account_id = i.account_id AND c.deleted_at IS NULL AND c.id IN (
                    SELECT i.given_contact
                    UNION ALL SELECT x.id FROM contact x
                              WHERE i.given_contact IS NULL AND x.account_id = i.account_id
                                AND (x.email = lower(i.address) OR x.phone = i.address)
                    UNION ALL SELECT t.contact_id FROM contact_token t
                              WHERE i.given_contact IS NULL AND t.account_id = i.account_id AND t.token = i.address)
                ORDER BY c.id LIMIT 1) c ON true""";

    private final JdbcClient jdbc;
    private final FrequencyCounter counter;
    private final SignedLinks links;

    DeliveryPolicy(JdbcClient jdbc, FrequencyCounter counter, SignedLinks links) {
        this.jdbc = jdbc;
        this.counter = counter;
        this.links = links;
    }

    /** What the one read found about a message. */
    private record Facts(UUID messageId, String category, boolean critical, Long contactId, ZoneId zone,
                         PolicySettings.QuietHours quiet, Integer capMax, Integer capSeconds, boolean optedOut,
                         boolean emailListed) {}

    @Override
    public Map<UUID, Verdict> judge(List<Candidate> batch, Instant now) {
        Map<UUID, Candidate> byId = new LinkedHashMap<>();
        batch.forEach(c -> byId.put(c.messageId(), c));
        List<Facts> facts = jdbc.sql(JUDGE)
                .param("ids", batch.stream().map(Candidate::messageId).toArray(UUID[]::new))
                .param("accounts", batch.stream().map(Candidate::accountId).toArray(UUID[]::new))
                .param("channels", batch.stream().map(c -> c.channel().key()).toArray(String[]::new))
                .param("addresses", batch.stream().map(Candidate::address).toArray(String[]::new))
                .query((rs, i) -> {
                    String from = rs.getString("quiet_from");
                    Object contact = rs.getObject("contact_id");
                    Object capMax = rs.getObject("max_messages");
                    return new Facts(rs.getObject("message_id", UUID.class), rs.getString("category"),
                            rs.getBoolean("critical"), contact == null ? null : rs.getLong("contact_id"),
                            zone(rs.getString("contact_zone"), rs.getString("account_zone")),
                            from == null ? null : new PolicySettings.QuietHours(LocalTime.parse(from),
                                    LocalTime.parse(rs.getString("quiet_to"))),
                            capMax == null ? null : rs.getInt("max_messages"),
                            capMax == null ? null : rs.getInt("period_seconds"),
                            rs.getBoolean("opted_out"), rs.getBoolean("email_listed"));
                })
                .list();

        Map<UUID, Verdict> verdicts = new HashMap<>();
        Map<FrequencyCounter.Key, List<UUID>> cappedMessages = new LinkedHashMap<>();
        Map<FrequencyCounter.Key, int[]> caps = new HashMap<>();
        for (Facts f : facts) {
            Candidate candidate = byId.get(f.messageId());
            if (f.optedOut() || f.emailListed()) {
                verdicts.put(f.messageId(), new Refused(new MessageError(MessageError.UNSUBSCRIBED,
                        f.category() == null ? "The contact opted out of " + candidate.channel().key()
                                : "The recipient unsubscribed from '" + f.category() + "' on " + candidate.channel().key())));
                continue;
            }
            // A retry was judged when it first left: it is neither held nor counted again.
            if (f.critical() || !candidate.firstHandOver()) {
                mark(verdicts, candidate, f);
                continue;
            }
            if (f.quiet() != null) {
                Instant end = QuietHours.endOf(f.quiet(), f.zone(), now);
                if (end != null) {
                    verdicts.put(f.messageId(), new Held(end, new MessageError(MessageError.QUIET_HOURS,
                            "Held in the contact's quiet hours (" + f.quiet().from() + "-" + f.quiet().to() + " "
                                    + f.zone().getId() + ") until " + end)));
                    continue;
                }
            }
            if (f.capMax() != null && f.contactId() != null) {
                FrequencyCounter.Key key = new FrequencyCounter.Key(candidate.accountId(), f.contactId(), f.category());
                cappedMessages.computeIfAbsent(key, k -> new ArrayList<>()).add(f.messageId());
                caps.putIfAbsent(key, new int[] {f.capMax(), f.capSeconds()});
            }
            mark(verdicts, candidate, f);
        }
        if (!cappedMessages.isEmpty()) {
            List<FrequencyCounter.Want> wants = new ArrayList<>();
            cappedMessages.forEach((key, ids) -> wants.add(new FrequencyCounter.Want(key, ids, caps.get(key)[0],
                    caps.get(key)[1])));
            Set<UUID> granted = counter.take(wants, now);
            cappedMessages.forEach((key, ids) -> ids.stream().filter(id -> !granted.contains(id)).forEach(id ->
                    verdicts.put(id, new Refused(new MessageError(MessageError.FREQUENCY_CAP,
                            "The contact has had its limit of '" + key.category() + "' messages for now")))));
        }
        return verdicts;
    }

    /** An e-mail of a category carries its unsubscribe link (RFC 8058). */
    private void mark(Map<UUID, Verdict> verdicts, Candidate candidate, Facts f) {
        if (candidate.channel() == Channel.EMAIL && f.category() != null) {
            verdicts.put(f.messageId(), new Marked(Map.of("listUnsubscribe", links.unsubscribeUrl(f.messageId()))));
        }
    }

    private static ZoneId zone(String contactZone, String accountZone) {
        for (String zone : new String[] {contactZone, accountZone}) {
            if (zone != null) {
                try {
                    return ZoneId.of(zone);
                } catch (DateTimeException e) {
                    // A zone the contact was given that Java does not know: the account's, else UTC.
                }
            }
        }
        return ZoneId.of("UTC");
    }

}
