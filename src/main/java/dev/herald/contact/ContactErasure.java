package dev.herald.contact;

import dev.herald.delivery.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Erases a contact (GDPR's right to erasure; both dialects' DELETE): its messages that have not left are cancelled,
 * the recipient addresses and texts of all its messages (and of the sandbox's copies, delivery attempts and flow
 * plans) are removed, and the contact keeps only its number, marked deleted: identifiers, names, address, language,
 * time zone, channels, tokens, custom field values, group memberships, opt-outs and what other capabilities keep
 * of it ({@link ContactErasureStep}: its events) are gone. Its messages stay as
 * rows, so statistics still count them, but name nobody.
 */
@Service
class ContactErasure {

    private static final String ERASED = "{\"erased\": true}";

    private final JdbcClient jdbc;
    private final Cancellation cancellation;
    private final List<ContactErasureStep> steps;

    ContactErasure(JdbcClient jdbc, Cancellation cancellation, List<ContactErasureStep> steps) {
        this.jdbc = jdbc;
        this.cancellation = cancellation;
        this.steps = steps;
    }

    /** @return false when the account has no such live contact */
    @Transactional
    public boolean erase(UUID accountId, long contactId) {
        List<String> addresses = jdbc.sql("""
                        SELECT unnest(ARRAY[email, phone]) FROM contact
                        WHERE account_id = :acc AND id = :id AND deleted_at IS NULL
                        UNION SELECT token FROM contact_token WHERE account_id = :acc AND contact_id = :id
                        UNION SELECT value FROM contact_channel WHERE account_id = :acc AND contact_id = :id""")
                .param("acc", accountId).param("id", contactId).query(String.class).list();
        Boolean live = jdbc.sql("""
                        SELECT true FROM contact WHERE account_id = ? AND id = ? AND deleted_at IS NULL FOR UPDATE""")
                .params(accountId, contactId).query(Boolean.class).optional().orElse(false);
        if (!live) {
            return false;
        }
        String[] known = addresses.stream().filter(java.util.Objects::nonNull).toArray(String[]::new);
        // The contact's messages: those sent to it as a contact, and those sent to one of its addresses.
        List<UUID> messages = jdbc.sql("""
                        SELECT m.id FROM message m JOIN flow f ON f.id = m.flow_id AND f.account_id = m.account_id
                        WHERE m.account_id = :acc
                          AND ((f.destination -> 'contact' ->> 'contactId') = :id::text OR m.address = ANY(:known)
                               OR f.destination ->> 'phone' = ANY(:known) OR f.destination ->> 'email' = ANY(:known)
                               OR f.destination ->> 'contactId' = :id::text)""")
                .param("acc", accountId).param("id", contactId).param("known", known)
                .query(UUID.class).list();
        if (!messages.isEmpty()) {
            List<UUID> unfinished = jdbc.sql("""
                            SELECT id FROM message WHERE account_id = ? AND id = ANY(?)
                              AND status IN ('CREATED', 'DELAYED', 'PAUSED', 'PENDING')""")
                    .params(accountId, messages.toArray(UUID[]::new)).query(UUID.class).list();
            if (!unfinished.isEmpty()) {
                cancellation.cancel(accountId, new Cancellation.Selector(new ArrayList<>(unfinished), null, null));
            }
            redactMessages(accountId, messages.toArray(UUID[]::new));
        }
        steps.forEach(step -> step.erase(accountId, contactId));
        jdbc.sql("DELETE FROM contact_token WHERE account_id = ? AND contact_id = ?").params(accountId, contactId).update();
        jdbc.sql("DELETE FROM contact_channel WHERE account_id = ? AND contact_id = ?").params(accountId, contactId).update();
        jdbc.sql("DELETE FROM contact_field_value WHERE account_id = ? AND contact_id = ?").params(accountId, contactId)
                .update();
        jdbc.sql("DELETE FROM contact_group_member WHERE account_id = ? AND contact_id = ?").params(accountId, contactId)
                .update();
        jdbc.sql("DELETE FROM contact_unsubscribe WHERE account_id = ? AND contact_id = ?").params(accountId, contactId)
                .update();
        jdbc.sql("""
                        UPDATE contact SET external_customer_id = NULL, phone = NULL, email = NULL, first_name = NULL,
                            last_name = NULL, language_code = NULL, time_zone = NULL, address = NULL,
                            deleted_at = now(), updated_at = now()
                        WHERE account_id = ? AND id = ?""")
                .params(accountId, contactId).update();
        return true;
    }

    private void redactMessages(UUID accountId, UUID[] ids) {
        jdbc.sql("UPDATE message SET address = NULL, content = ?::jsonb WHERE account_id = ? AND id = ANY(?)")
                .params(ERASED, accountId, ids).update();
        jdbc.sql("""
                        UPDATE flow SET destination = ?::jsonb, contents = NULL,
                            channel_plan = CASE jsonb_typeof(channel_plan)
                                WHEN 'array' THEN (SELECT coalesce(jsonb_agg(p - 'address'), '[]'::jsonb)
                                                   FROM jsonb_array_elements(channel_plan) p)
                                ELSE channel_plan END
                        WHERE account_id = ? AND id IN (SELECT flow_id FROM message WHERE account_id = ? AND id = ANY(?))""")
                .params(ERASED, accountId, accountId, ids).update();
        jdbc.sql("""
                        UPDATE sandbox_message SET address = 'erased', content = ?::jsonb
                        WHERE account_id = ? AND message_id = ANY(?)""")
                .params(ERASED, accountId, ids).update();
        jdbc.sql("""
                        UPDATE delivery_attempt SET detail = NULL
                        WHERE message_id = ANY(?) AND message_id IN (SELECT id FROM message WHERE account_id = ?)""")
                .params(ids, accountId).update();
        jdbc.sql("""
                        UPDATE message_status_event SET error = error - 'message'
                        WHERE message_id = ANY(?) AND error IS NOT NULL
                          AND message_id IN (SELECT id FROM message WHERE account_id = ?)""")
                .params(ids, accountId).update();
    }
}
