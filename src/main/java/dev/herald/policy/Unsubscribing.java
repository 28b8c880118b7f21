package dev.herald.policy;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A recipient's unsubscribe from one message (its {@code List-Unsubscribe} one-click POST or the link in it):
 * the message's contact is opted out of the message's category on the message's channel (of every category when
 * it had none). A message to an address that is no contact's puts the e-mail address on the unsubscribed list.
 */
@Service
class Unsubscribing {

    /** The message a link was made for, as unsubscribing needs it. */
    private record Sent(UUID accountId, String channel, String address, String category, Long contactId) {}

    private static final String FIND = """
            SELECT m.account_id, lower(m.channel) AS channel, m.address, g.category,
                   (SELECT c.id FROM contact c
                    WHERE c.account_id = m.account_id AND c.deleted_at IS NULL AND c.id IN (
                        SELECT coalesce((f.destination -> 'contact' ->> 'contactId')::bigint,
                                        (f.destination ->> 'contactId')::bigint)
                        UNION ALL SELECT x.id FROM contact x
                                  WHERE x.account_id = m.account_id AND (x.email = lower(m.address) OR x.phone = m.address))
                    ORDER BY c.id LIMIT 1) AS contact_id
            FROM message m
            JOIN message_group g ON g.id = m.group_id AND g.account_id = m.account_id
            JOIN flow f ON f.id = m.flow_id AND f.account_id = m.account_id
            WHERE m.id = ?""";

    private final JdbcClient jdbc;
    private final OptOuts optOuts;
    private final ContactActivity activity;
    private final TransactionTemplate tx;

    Unsubscribing(JdbcClient jdbc, OptOuts optOuts, ContactActivity activity, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.optOuts = optOuts;
        this.activity = activity;
        this.tx = tx;
    }

    /** What the page tells the recipient. */
    record Outcome(String category, String channel) {}

    /** Empty when there is no such message (any more). Repeating it changes nothing. */
    Optional<Outcome> unsubscribe(UUID messageId, String source) {
        return tx.execute(status -> {
            Optional<Sent> found = jdbc.sql(FIND).param(messageId)
                    .query((rs, i) -> new Sent(rs.getObject("account_id", UUID.class), rs.getString("channel"),
                            rs.getString("address"), rs.getString("category"),
                            rs.getObject("contact_id") == null ? null : rs.getLong("contact_id")))
                    .optional();
            if (found.isEmpty()) {
                return Optional.<Outcome>empty();
            }
            Sent sent = found.get();
            String category = sent.category() == null ? OptOuts.ANY : sent.category();
            if (sent.contactId() != null) {
                if (optOuts.optOut(sent.accountId(), sent.contactId(), category, sent.channel(), source)) {
                    activity.record(sent.accountId(), sent.contactId(), ContactActivity.UNSUBSCRIBED, sent.channel(),
                            category, messageId, source);
                }
            } else if ("email".equals(sent.channel()) && sent.address() != null) {
                optOuts.addEmails(sent.accountId(), java.util.List.of(sent.address().toLowerCase(java.util.Locale.ROOT)));
            }
            return Optional.of(new Outcome(sent.category(), sent.channel()));
        });
    }
}
