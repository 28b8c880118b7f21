package dev.herald.workflow;

import dev.herald.group.ContactGroups;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An updateContact step's changes: {@code firstName}/{@code lastName} and custom fields by name (a name the account
 * has no field for is left alone), static groups joined (which may start group-triggered workflows) and left.
 */
@Component
class ContactChanges {

    private final JdbcClient jdbc;
    private final ContactGroups groups;

    ContactChanges(JdbcClient jdbc, ContactGroups groups) {
        this.jdbc = jdbc;
        this.groups = groups;
    }

    void apply(UUID accountId, long contactId, Definition.UpdateContact change) {
        for (Map.Entry<String, String> field : change.fields().entrySet()) {
            switch (field.getKey()) {
                case "firstName" -> jdbc.sql("UPDATE contact SET first_name = ? WHERE account_id = ? AND id = ?")
                        .params(field.getValue(), accountId, contactId).update();
                case "lastName" -> jdbc.sql("UPDATE contact SET last_name = ? WHERE account_id = ? AND id = ?")
                        .params(field.getValue(), accountId, contactId).update();
                default -> jdbc.sql("""
                                INSERT INTO contact_field_value (account_id, contact_id, field_id, value)
                                SELECT f.account_id, ?, f.id, ? FROM contact_field f WHERE f.account_id = ? AND f.name = ?
                                ON CONFLICT (account_id, contact_id, field_id) DO UPDATE SET value = excluded.value""")
                        .params(contactId, field.getValue(), accountId, field.getKey()).update();
            }
        }
        for (long group : change.addToGroups()) {
            groups.find(accountId, group).filter(g -> !g.dynamic())
                    .ifPresent(g -> groups.attach(accountId, g, List.of(contactId)));
        }
        for (long group : change.removeFromGroups()) {
            groups.find(accountId, group).filter(g -> !g.dynamic())
                    .ifPresent(g -> groups.detach(accountId, g, List.of(contactId), List.of()));
        }
    }
}
