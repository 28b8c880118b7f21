package dev.herald.event;

import dev.herald.auth.AccountId;
import dev.herald.audit.Audit;
import dev.herald.contact.ContactKeys.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each account's rule for the contact an event's keyValue names (table {@code event_settings}). */
@Repository
class EventSettings {

    /**
     * @param locators       the identifier kinds a keyValue is tried as, in order
     * @param createContacts whether a keyValue that finds no contact makes one; else the event is refused
     */
    record Rule(List<Kind> locators, boolean createContacts) {}

    static final Rule DEFAULT = new Rule(List.of(Kind.EMAIL, Kind.PHONE, Kind.EXTERNAL_CUSTOMER_ID), true);

    private final JdbcClient jdbc;
    private final Audit audit;

    EventSettings(JdbcClient jdbc, Audit audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    Rule load(UUID accountId) {
        return jdbc.sql("SELECT locators, create_contacts FROM event_settings WHERE account_id = ?").param(accountId)
                .query((rs, row) -> new Rule(Arrays.stream((String[]) rs.getArray(1).getArray()).map(Kind::valueOf).toList(),
                        rs.getBoolean(2)))
                .optional().orElse(DEFAULT);
    }

    void save(AccountId account, Rule rule) {
        jdbc.sql("""
                        INSERT INTO event_settings (account_id, locators, create_contacts) VALUES (?, ?, ?)
                        ON CONFLICT (account_id) DO UPDATE
                        SET locators = excluded.locators, create_contacts = excluded.create_contacts, updated_at = now()""")
                .params(account.value(), rule.locators().stream().map(Kind::name).toArray(String[]::new),
                        rule.createContacts())
                .update();
        audit.record(account, "event-settings.update", account.value(),
                Map.of("locators", rule.locators().stream().map(Kind::field).toList(),
                        "createContacts", rule.createContacts()));
    }
}
