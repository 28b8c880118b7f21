package dev.herald.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of change is in {@code GET /api/v1/audit}: who, when, from where and what, never a secret;
 * filtered by kind; one account's log is never another's; old entries are purged.
 */
class AuditLogTest extends HeraldTest {

    private static final String PASSWORD = "audit test password";

    @Autowired
    Users users;
    @Autowired
    AuditRetention retention;

    private static List<String> actions(ApiClient api, String query) {
        ApiClient.Response listed = api.get("/api/v1/audit" + query);
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        listed.json().path("items").forEach(entry -> actions.add(entry.path("action").asString()));
        return actions;
    }

    @Test
    void everyKindOfChangeIsRecordedWithoutSecrets() {
        AccountId account = accounts.create("audit-" + UUID.randomUUID(), ZoneId.of("UTC"));
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "audit test").token());
        ApiClient other = newAccount();

        String tokenId = api.postJson("/api/v1/tokens", Map.of("name", "CRM")).json().path("id").asString();
        assertThat(api.delete("/api/v1/tokens/" + tokenId).status()).isEqualTo(204);

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", "2525");
        settings.put("security", "none");
        settings.put("username", "herald");
        settings.put("password", "provider-secret-value");
        settings.put("fromAddress", "news@shop.example");
        ApiClient.Response provider = api.postJson("/api/v1/providers", Map.of("name", "Mail", "type", "smtp",
                "settings", settings));
        assertThat(provider.status()).as(provider.text()).isEqualTo(201);
        String providerId = provider.json().path("id").asString();
        assertThat(api.patch("/api/v1/providers/" + providerId,
                "{\"settings\":{\"password\":\"another-secret-value\"}}").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/providers/" + providerId).status()).isEqualTo(204);

        String templateId = api.post("/api/v1/templates", "{\"name\":\"Welcome\",\"channels\":{\"sms\":{\"text\":\"Hi\"}}}")
                .json().path("id").asString();
        assertThat(api.put("/api/v1/templates/" + templateId,
                "{\"name\":\"Welcome 2\",\"channels\":{\"sms\":{\"text\":\"Hello\"}}}").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/templates/" + templateId).status()).isEqualTo(204);

        String personId = api.postJson("/api/v1/people", Map.of("email", "audited-" + UUID.randomUUID() + "@example.com",
                "role", "viewer")).json().path("id").asString();
        assertThat(api.patch("/api/v1/people/" + personId, "{\"role\":\"operator\"}").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/people/" + personId).status()).isEqualTo(204);

        ApiClient.Response app = api.postJson("/api/v1/partner-apps", Map.of("name", "Stripo", "scopes", List.of("messages")));
        String appId = app.json().path("id").asString();
        String clientSecret = app.json().path("clientSecret").asString();
        assertThat(api.patch("/api/v1/partner-apps/" + appId, "{\"name\":\"Stripo 2\"}").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/partner-apps/" + appId).status()).isEqualTo(204);

        assertThat(api.patch("/api/v1/account/settings", "{\"defaultSender\":\"Shop\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/callbacks/secret/rotate", "").status()).isEqualTo(200);

        assertThat(actions(api, "?limit=1000")).contains("token.create", "token.revoke", "provider.create",
                "provider.update", "provider.delete", "template.create", "template.update", "template.delete",
                "person.invite", "person.role", "person.remove", "partner-app.create", "partner-app.update",
                "partner-app.delete", "settings.update", "callback-secret.rotate");
        assertThat(actions(api, "?action=provider")).containsExactly("provider.delete", "provider.update",
                "provider.create");
        assertThat(actions(api, "?action=token.revoke")).containsExactly("token.revoke");

        String all = api.get("/api/v1/audit?limit=1000").text();
        assertThat(all).doesNotContain("provider-secret-value", "another-secret-value", clientSecret)
                .doesNotContain(api.token());
        JsonNode roleChange = api.get("/api/v1/audit?action=person.role").json().path("items").get(0);
        assertThat(roleChange.path("actor").asString()).isEqualTo("api-token");
        assertThat(roleChange.path("address").asString()).isEqualTo("127.0.0.1");
        assertThat(roleChange.path("target").asString()).isEqualTo(personId);
        assertThat(roleChange.path("details").path("from").asString()).isEqualTo("viewer");
        assertThat(roleChange.path("details").path("to").asString()).isEqualTo("operator");
        assertThat(roleChange.path("at").asString()).isNotBlank();

        // another account sees none of it
        assertThat(other.get("/api/v1/audit").text()).doesNotContain(providerId, templateId, personId);
        assertThat(api.get("/api/v1/audit?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit?from=not-a-date").status()).isEqualTo(400);
    }

    @Test
    void consoleChangesNameThePersonAndTheAuditPageListsThem() {
        AccountId account = accounts.create("audit-console-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "auditor-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "audit test").token());
        ConsoleSession console = new ConsoleSession("http://localhost:" + port);
        console.signIn(username, PASSWORD);
        console.get("/console/api");
        assertThat(console.post("/console/api/tokens", Map.of("name", "From the console", "scopes", "messages")).status())
                .isEqualTo(302);

        JsonNode created = api.get("/api/v1/audit?action=token.create").json().path("items").get(0);
        assertThat(created.path("actor").asString()).isEqualTo("person:" + username);
        assertThat(created.path("details").path("name").asString()).isEqualTo("From the console");
        String page = console.get("/console/audit?action=token").body();
        assertThat(page).contains("token.create", "person:" + username, "From the console");
    }

    @Test
    void entriesOlderThanTheRetentionArePurged() {
        AccountId account = accounts.create("audit-old-" + UUID.randomUUID(), ZoneId.of("UTC"));
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "audit test").token());
        jdbc.sql("INSERT INTO audit_event (account_id, at, actor, action) VALUES (?, ?, 'system', 'old.thing')")
                .params(account.value(), Timestamp.from(Instant.now().minus(500, ChronoUnit.DAYS))).update();
        assertThat(actions(api, "")).contains("old.thing", "token.create");
        assertThat(retention.purge()).isPositive();
        assertThat(actions(api, "")).doesNotContain("old.thing").contains("token.create");
    }
}
