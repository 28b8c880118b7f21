package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.ApiScope;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console gives a token only scopes the person's role may give, checked on the server whatever the form
 * offers: every role that makes tokens may give the integration's scopes, only an owner the full one (which acts
 * with the owner's rights over people, providers and tokens); no scope or an unknown one makes no token.
 */
class TokenScopesConsoleTest extends HeraldTest {

    private static final String PASSWORD = "token scopes pass";

    @Autowired
    Users users;

    @Test
    void eachRoleGivesOnlyTheScopesItMay() {
        AccountId account = accounts.create("scopes-" + UUID.randomUUID(), ZoneId.of("UTC"));
        for (Role role : List.of(Role.OWNER, Role.ADMIN, Role.DEVELOPER)) {
            ConsoleSession console = signIn(account, role);
            ConsoleSession.Page full = console.post("/console/api/tokens", Map.of("name", role.key() + " full",
                    "scopes", "full"));
            if (role == Role.OWNER) {
                assertThat(full.status()).as(role.key()).isEqualTo(302);
            } else {
                assertThat(full.status()).as(role.key()).isEqualTo(403);
                assertThat(full.body()).contains("As " + role.key() + " you may not give a token: Everything");
            }
            assertThat(console.post("/console/api/tokens", Map.of("name", role.key() + " sending",
                    "scopes", "messages")).status()).as(role.key()).isEqualTo(302);
        }
        assertThat(scopesOf(account, "owner full")).isEqualTo("full");
        assertThat(scopesOf(account, "owner sending")).isEqualTo("messages");
        assertThat(scopesOf(account, "developer sending")).isEqualTo("messages");
        assertThat(jdbc.sql("SELECT count(*) FROM api_token WHERE account_id = ? AND name IN ('admin full', 'developer full')")
                .param(account.value()).query(Integer.class).single()).as("refused, not made").isZero();

        ConsoleSession operator = signIn(account, Role.OPERATOR);
        assertThat(operator.post("/console/api/tokens", Map.of("name", "op", "scopes", "messages")).status())
                .as("no right to make tokens at all").isEqualTo(403);

        ConsoleSession developer = signIn(account, Role.DEVELOPER);
        for (Map<String, String> bad : List.of(Map.of("name", "none"), Map.of("name", "unknown", "scopes", "everything"))) {
            assertThat(developer.post("/console/api/tokens", bad).location()).endsWith("/console/api");
            assertThat(developer.get("/console/api").body()).contains("Choose at least one thing the token may do");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM api_token WHERE account_id = ? AND name IN ('none', 'unknown')")
                .param(account.value()).query(Integer.class).single()).isZero();
        assertThat(developer.get("/console/api").body()).contains("Messages", "developer sending");
    }

    @Test
    void theRightsToGiveAScopeFollowTheRoles() {
        for (ApiScope scope : ApiScope.values()) {
            assertThat(Role.OWNER.mayGrant(scope)).isTrue();
            assertThat(Role.ADMIN.mayGrant(scope)).isEqualTo(scope != ApiScope.FULL);
            assertThat(Role.DEVELOPER.mayGrant(scope)).isEqualTo(scope != ApiScope.FULL);
            assertThat(Role.OPERATOR.mayGrant(scope)).isFalse();
            assertThat(Role.VIEWER.mayGrant(scope)).isFalse();
        }
    }

    private ConsoleSession signIn(AccountId account, Role role) {
        String username = role.key() + "-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD, role);
        ConsoleSession console = new ConsoleSession("http://localhost:" + port);
        assertThat(console.signIn(username, PASSWORD).location()).endsWith("/console");
        console.get("/console/api");
        return console;
    }

    private String scopesOf(AccountId account, String name) {
        return jdbc.sql("SELECT coalesce(array_to_string(scopes, ' '), 'full') FROM api_token WHERE account_id = ? AND name = ?")
                .params(account.value(), name).query(String.class).single();
    }
}
