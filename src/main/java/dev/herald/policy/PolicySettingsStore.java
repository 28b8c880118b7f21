package dev.herald.policy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The accounts' policy settings: {@code contact_policy} and {@code frequency_cap}. */
@Repository
class PolicySettingsStore {

    private final JdbcClient jdbc;

    PolicySettingsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    PolicySettings get(UUID accountId) {
        List<PolicySettings.FrequencyCap> caps = jdbc.sql("""
                        SELECT category, max_messages, period_seconds FROM frequency_cap
                        WHERE account_id = ? ORDER BY category""")
                .param(accountId)
                .query((rs, i) -> new PolicySettings.FrequencyCap(rs.getString("category"), rs.getInt("max_messages"),
                        Duration.ofSeconds(rs.getInt("period_seconds"))))
                .list();
        return jdbc.sql("SELECT quiet_from::text AS quiet_from, quiet_to::text AS quiet_to, double_opt_in FROM contact_policy WHERE account_id = ?")
                .param(accountId)
                .query((rs, i) -> {
                    String from = rs.getString("quiet_from");
                    String to = rs.getString("quiet_to");
                    return new PolicySettings(from == null ? null
                            : new PolicySettings.QuietHours(LocalTime.parse(from), LocalTime.parse(to)),
                            rs.getBoolean("double_opt_in"), caps);
                })
                .optional()
                .orElse(new PolicySettings(null, false, caps));
    }

    /** Replaces the account's settings; call in a transaction. */
    void put(UUID accountId, PolicySettings settings) {
        PolicySettings.QuietHours quiet = settings.quietHours();
        jdbc.sql("""
                        INSERT INTO contact_policy (account_id, quiet_from, quiet_to, double_opt_in, updated_at)
                        VALUES (?, ?::time, ?::time, ?, now())
                        ON CONFLICT (account_id) DO UPDATE SET quiet_from = EXCLUDED.quiet_from,
                            quiet_to = EXCLUDED.quiet_to, double_opt_in = EXCLUDED.double_opt_in, updated_at = now()""")
                .params(accountId, quiet == null ? null : quiet.from().toString(),
                        quiet == null ? null : quiet.to().toString(), settings.doubleOptIn())
                .update();
        jdbc.sql("DELETE FROM frequency_cap WHERE account_id = ?").param(accountId).update();
        List<PolicySettings.FrequencyCap> caps = settings.frequencyCaps();
        jdbc.sql("""
                        INSERT INTO frequency_cap (account_id, category, max_messages, period_seconds)
                        SELECT ?, * FROM unnest(?::text[], ?::int[], ?::int[])""")
                .params(accountId, caps.stream().map(PolicySettings.FrequencyCap::category).toArray(String[]::new),
                        caps.stream().map(PolicySettings.FrequencyCap::maxMessages).toArray(Integer[]::new),
                        caps.stream().map(c -> (int) c.period().toSeconds()).toArray(Integer[]::new))
                .update();
    }
}
