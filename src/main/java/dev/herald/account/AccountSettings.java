package dev.herald.account;

import dev.herald.auth.AccountId;
import dev.herald.audit.Audit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** An account's own settings, kept on its account row. */
@Repository
class AccountSettings {

    /** What {@code GET /api/v1/account/settings} shows. */
    record View(String defaultSender, int retentionDays) {}

    private final JdbcClient jdbc;
    private final Audit audit;

    AccountSettings(JdbcClient jdbc, Audit audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    View load(UUID accountId) {
        return new View(defaultSender(accountId).orElse(null), retentionDays(accountId));
    }

    int retentionDays(UUID accountId) {
        return jdbc.sql("SELECT retention_days FROM account WHERE id = ?").param(accountId).query(Integer.class).single();
    }

    /** How many days the account keeps message content and addresses ({@link DataRetention}). */
    void setRetentionDays(UUID accountId, int days) {
        jdbc.sql("UPDATE account SET retention_days = ? WHERE id = ?").params(days, accountId).update();
        audit.record(new AccountId(accountId), "settings.update", accountId, java.util.Map.of("retentionDays", days));
    }

    Optional<String> defaultSender(UUID accountId) {
        return jdbc.sql("SELECT default_sender FROM account WHERE id = ?")
                .param(accountId)
                .query((rs, i) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(sender -> sender);
    }

    /** Sets the default sender; null clears it (Herald's then applies). */
    void setDefaultSender(UUID accountId, String sender) {
        jdbc.sql("UPDATE account SET default_sender = ? WHERE id = ?").params(sender, accountId).update();
        audit.record(new AccountId(accountId), "settings.update", accountId,
                java.util.Collections.singletonMap("defaultSender", sender));
    }
}
