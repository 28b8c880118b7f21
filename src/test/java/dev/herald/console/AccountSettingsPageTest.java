package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's account settings page: an admin changes the retention (bad values are a message naming the field),
 * a viewer may read but not change, single sign-on's form refuses an unusable issuer, and another account keeps
 * its own settings.
 */
class AccountSettingsPageTest extends HeraldTest {

    private static final String PASSWORD = "settings page password";

    @Autowired
    Users users;

    @Test
    void anAdminChangesTheRetentionAndAViewerOnlyReadsIt() {
        AccountId account = accounts.create("settings-" + UUID.randomUUID(), ZoneId.of("UTC"));
        AccountId other = accounts.create("settings-other-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String admin = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        String outsider = "outsider-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, admin, PASSWORD, Role.ADMIN);
        users.create(account, viewer, PASSWORD, Role.VIEWER);
        users.create(other, outsider, PASSWORD, Role.OWNER);

        ConsoleSession admins = session(admin);
        assertThat(admins.get("/console/settings").body()).contains("id=\"retention-days\">90<").contains("id=\"sso-off\"");
        assertThat(admins.post("/console/settings/retention", Map.of("retentionDays", "30")).location())
                .endsWith("/console/settings");
        assertThat(admins.get("/console/settings").body()).contains("id=\"retention-days\">30<")
                .contains("Message content is now kept for 30 days.");
        admins.post("/console/settings/retention", Map.of("retentionDays", "0"));
        assertThat(admins.get("/console/settings").body()).contains("retentionDays must be a whole number of days");
        admins.post("/console/settings/sso", Map.of("issuer", "http://localhost:" + port + "/no-provider",
                "clientId", "c", "clientSecret", "s", "domains", "example.com", "defaultRole", "viewer"));
        assertThat(admins.get("/console/settings").body()).contains("issuer ").contains("id=\"sso-off\"");

        ConsoleSession viewing = session(viewer);
        assertThat(viewing.get("/console/settings").body()).contains("id=\"retention-days\">30<")
                .doesNotContain("id=\"retention-form\"");
        assertThat(viewing.post("/console/settings/retention", Map.of("retentionDays", "5")).status()).isEqualTo(403);

        assertThat(session(outsider).get("/console/settings").body()).as("another account's own")
                .contains("id=\"retention-days\">90<");
        assertThat(jdbc.sql("SELECT retention_days FROM account WHERE id = ?").param(account.value())
                .query(Integer.class).single()).isEqualTo(30);
    }

    private ConsoleSession session(String username) {
        ConsoleSession session = new ConsoleSession("http://localhost:" + port);
        assertThat(session.signIn(username, PASSWORD).location()).endsWith("/console");
        return session;
    }
}
