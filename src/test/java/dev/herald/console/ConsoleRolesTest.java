package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Right;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each role can do exactly its set over the console's endpoints: every row names a page or action and the
 * right it needs (none = reading, open to every role), and each role signs in and tries every row. A refusal is
 * 403; anything else (the page, a redirect, a 404 for the made-up id) means the server let the request in.
 */
class ConsoleRolesTest extends HeraldTest {

    private static final String PASSWORD = "role test password";

    @Autowired
    Users users;

    private record Row(String method, String path, Right right) {}

    private static final String ID = UUID.randomUUID().toString();

    private static final List<Row> ROWS = List.of(
            new Row("GET", "/console", null),
            new Row("GET", "/console/messages", null),
            new Row("GET", "/console/templates", null),
            new Row("GET", "/console/providers", null),
            new Row("GET", "/console/people", null),
            new Row("GET", "/console/api", null),
            new Row("GET", "/console/oauth", null),
            new Row("GET", "/console/sandbox", null),
            new Row("GET", "/console/sessions", null),
            new Row("GET", "/console/inbox", null),
            new Row("GET", "/console/messages.csv", null),
            new Row("GET", "/console/tasks/" + ID + "/results.csv", null),
            new Row("POST", "/console/templates/preview", null),
            new Row("GET", "/console/providers/new", Right.PROVIDERS),
            new Row("POST", "/console/providers/" + ID + "/delete", Right.PROVIDERS),
            new Row("POST", "/console/apps/" + ID + "/disconnect", Right.PROVIDERS),
            new Row("POST", "/console/api/tokens", Right.TOKENS),
            new Row("POST", "/console/api/tokens/" + ID + "/revoke", Right.TOKENS),
            new Row("POST", "/console/oauth/apps/" + ID + "/delete", Right.PARTNER_APPS),
            new Row("GET", "/console/templates/new", Right.TEMPLATES),
            new Row("POST", "/console/templates/" + ID + "/delete", Right.TEMPLATES),
            new Row("POST", "/console/sessions/" + ID + "/reply", Right.SESSIONS),
            new Row("POST", "/console/sessions/" + ID + "/close", Right.SESSIONS),
            new Row("POST", "/console/sessions/" + ID + "/bot", Right.SESSIONS),
            new Row("GET", "/console/tasks/new", Right.SENDING),
            new Row("POST", "/console/tasks/" + ID + "/delete", Right.SENDING),
            new Row("POST", "/console/groups/1/delete", Right.SENDING),
            new Row("POST", "/console/broadcasts/1/cancel", Right.SENDING),
            new Row("GET", "/console/workflows", null),
            new Row("GET", "/console/workflows/1", null),
            new Row("GET", "/console/workflows/new", Right.SENDING),
            new Row("GET", "/console/workflows/1/edit", Right.SENDING),
            new Row("GET", "/console/workflows/1/archive", Right.SENDING),
            new Row("POST", "/console/workflows", Right.SENDING),
            new Row("POST", "/console/workflows/preview", Right.SENDING),
            new Row("POST", "/console/workflows/1/pause", Right.SENDING),
            new Row("POST", "/console/workflows/1/archive", Right.SENDING),
            new Row("POST", "/console/routes/" + ID + "/delete", Right.PROVIDERS),
            new Row("GET", "/console/chats/new", Right.WEBHOOKS),
            new Row("POST", "/console/bots/" + ID + "/delete", Right.WEBHOOKS),
            new Row("POST", "/console/people/" + ID + "/remove", Right.PEOPLE),
            new Row("POST", "/console/people/" + ID + "/role", Right.PEOPLE),
            new Row("GET", "/console/audit", Right.AUDIT),
            // confirmation pages ask only who may do the action
            new Row("GET", "/console/templates/" + ID + "/delete", Right.TEMPLATES),
            new Row("GET", "/console/tasks/" + ID + "/cancel", Right.SENDING),
            new Row("GET", "/console/api/tokens/" + ID + "/revoke", Right.TOKENS),
            new Row("GET", "/console/providers/" + ID + "/delete", Right.PROVIDERS),
            new Row("GET", "/console/people/" + ID + "/remove", Right.PEOPLE),
            new Row("POST", "/console/templates/" + ID + "/restore", Right.TEMPLATES),
            new Row("POST", "/console/tasks/" + ID + "/restore", Right.SENDING),
            new Row("GET", "/console/settings", null),
            new Row("POST", "/console/settings/retention", Right.SETTINGS),
            new Row("POST", "/console/settings/sso", Right.SETTINGS),
            new Row("POST", "/console/settings/sso/verify", Right.SETTINGS),
            new Row("GET", "/console/settings/sso/delete", Right.SETTINGS),
            new Row("POST", "/console/settings/sso/delete", Right.SETTINGS));

    @Test
    void eachRoleCanDoExactlyItsSet() {
        AccountId account = accounts.create("roles-" + UUID.randomUUID(), ZoneId.of("UTC"));
        List<String> wrong = new ArrayList<>();
        for (Role role : Role.values()) {
            String username = role.key() + "-" + UUID.randomUUID().toString().substring(0, 8);
            users.create(account, username, PASSWORD, role);
            ConsoleSession session = new ConsoleSession("http://localhost:" + port);
            assertThat(session.signIn(username, PASSWORD).location()).endsWith("/console");
            for (Row row : ROWS) {
                int status = row.method().equals("GET") ? session.get(row.path()).status()
                        : session.post(row.path(), Map.of("role", "viewer")).status();
                boolean allowed = row.right() == null || role.may(row.right());
                if (allowed == (status == 403)) {
                    wrong.add(role.key() + " " + row.method() + " " + row.path() + " -> " + status
                            + " (expected " + (allowed ? "allowed" : "403") + ")");
                }
            }
            // nobody of an account reaches the platform administration
            assertThat(session.get("/console/admin/accounts").status()).isEqualTo(403);
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theRolesHoldTheRightsTheIssueLists() {
        assertThat(Role.OWNER.rights()).containsExactlyInAnyOrder(Right.values());
        assertThat(Role.ADMIN.rights()).containsExactlyInAnyOrder(Right.PROVIDERS, Right.TOKENS, Right.PARTNER_APPS,
                Right.PEOPLE, Right.SETTINGS, Right.AUDIT);
        assertThat(Role.DEVELOPER.rights()).containsExactlyInAnyOrder(Right.TOKENS, Right.TEMPLATES, Right.WEBHOOKS);
        assertThat(Role.OPERATOR.rights()).containsExactlyInAnyOrder(Right.SENDING, Right.SESSIONS);
        assertThat(Role.VIEWER.rights()).isEmpty();
    }
}
