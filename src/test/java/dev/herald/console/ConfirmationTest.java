package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The server's side of safe destructive actions: a post without {@code confirmed=yes} changes nothing and leads
 * to the confirmation page; deleted templates and send tasks come back with Undo, only for their own account;
 * the API's DELETE keeps its documented behaviour; error codes are shown in plain language.
 */
class ConfirmationTest extends HeraldTest {

    private static final String PASSWORD = "confirmation test password";

    @Autowired
    Users users;

    private ApiClient api;
    private ConsoleSession console;
    private AccountId account;

    @BeforeEach
    void signIn() {
        account = accounts.create("confirm-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        api = new ApiClient("http://localhost:" + port, tokens.issue(account, "confirmation test").token());
        console = new ConsoleSession("http://localhost:" + port);
        assertThat(console.signIn(username, PASSWORD).location()).endsWith("/console");
    }

    @Test
    void aDestructivePostWithoutTheConfirmationChangesNothing() {
        String template = template("Приветствие");
        String task = task("Ноябрьская акция");
        String token = api.post("/api/v1/tokens", "{\"name\":\"CRM\"}").json().path("id").asString();
        String provider = api.post("/api/v1/providers", "{\"name\":\"Почта\",\"type\":\"http\",\"channel\":"
                + "\"telegram\",\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/tg\",\"apiKey\":\"k\"}}").json()
                .path("id").asString();
        Map<String, String> destructive = new java.util.LinkedHashMap<>();
        destructive.put("/console/templates/" + template + "/delete", "Приветствие");
        destructive.put("/console/tasks/" + task + "/delete", "Ноябрьская акция");
        destructive.put("/console/tasks/" + task + "/cancel", "Ноябрьская акция");
        destructive.put("/console/providers/" + provider + "/delete", "Почта");
        destructive.put("/console/api/tokens/" + token + "/revoke", "CRM");
        destructive.forEach((path, name) -> {
            for (Map<String, String> form : java.util.List.of(Map.<String, String>of(), Map.of("confirmed", "no"))) {
                ConsoleSession.Page refused = console.post(path, form);
                assertThat(refused.status()).as(path).isEqualTo(302);
                assertThat(refused.location()).as(path).endsWith(path);
            }
            // The page it leads to names the object and posts the confirmation.
            ConsoleSession.Page asked = console.get(path);
            assertThat(asked.status()).as(path).isEqualTo(200);
            assertThat(asked.body()).as(path).contains(name).contains("name=\"confirmed\" value=\"yes\"");
        });
        assertThat(api.get("/api/v1/templates/" + template).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tasks/" + task).json().get("status").asString()).isEqualTo("DRAFT");
        assertThat(api.get("/api/v1/providers/" + provider).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tasks").json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void theTaskCancelPageCountsWhatIsCancelled() {
        String task = task("Ноябрьская акция");
        String body = console.get("/console/tasks/" + task + "/cancel").body();
        assertThat(body).contains("Cancel the task «Ноябрьская акция»?")
                .contains("no rows not yet handed over will not be sent, and no messages still waiting");
    }

    @Test
    void aDeletedTemplateComesBackWithUndoAndTheApiSeesItGoneMeanwhile() {
        String template = template("Приветствие");
        ConsoleSession.Page deleted = console.post("/console/templates/" + template + "/delete", Map.of("confirmed", "yes"));
        assertThat(deleted.location()).endsWith("/console/templates");
        assertThat(console.get("/console/templates").body()).contains("«Приветствие» was deleted")
                .contains("/console/templates/" + template + "/restore");
        assertThat(api.get("/api/v1/templates/" + template).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/templates").json().get("count").asInt()).isZero();

        // Another account cannot bring it back.
        ConsoleSession stranger = strangerSession();
        stranger.post("/console/templates/" + template + "/restore", Map.of());
        assertThat(api.get("/api/v1/templates/" + template).status()).isEqualTo(404);

        assertThat(console.post("/console/templates/" + template + "/restore", Map.of()).location())
                .endsWith("/console/templates/" + template);
        assertThat(api.get("/api/v1/templates/" + template).json().get("name").asString()).isEqualTo("Приветствие");

        // The API's DELETE is as documented: 204, then the template is gone and its name is free.
        assertThat(api.delete("/api/v1/templates/" + template).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/templates/" + template).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/templates/" + template).status()).isEqualTo(404);
        template("Приветствие");
        // Its name taken since, the old one cannot come back: the console says why.
        console.post("/console/templates/" + template + "/restore", Map.of());
        assertThat(console.get("/console/templates").body()).contains("Another template has taken its name");
    }

    @Test
    void aDeletedTaskComesBackWithUndoAndIsGoneFromListsAndTheApiMeanwhile() {
        String task = task("Ноябрьская акция");
        console.post("/console/tasks/" + task + "/delete", Map.of("confirmed", "yes"));
        assertThat(api.get("/api/v1/tasks/" + task).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tasks").json().get("count").asInt()).isZero();
        assertThat(console.get("/console/tasks").body()).doesNotContain("/console/tasks/" + task + "\"")
                .contains("/console/tasks/" + task + "/restore");
        assertThat(api.post("/api/v1/tasks/" + task + "/start", "").status()).isEqualTo(404);

        strangerSession().post("/console/tasks/" + task + "/restore", Map.of());
        assertThat(api.get("/api/v1/tasks/" + task).status()).isEqualTo(404);

        console.post("/console/tasks/" + task + "/restore", Map.of());
        assertThat(api.get("/api/v1/tasks/" + task).json().get("name").asString()).isEqualTo("Ноябрьская акция");
        // The API's DELETE answers as documented.
        assertThat(api.delete("/api/v1/tasks/" + task).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/tasks/" + task).status()).isEqualTo(404);
    }

    @Test
    void aMessagesErrorIsShownAsWhatToDo() {
        // The sandbox reports an address ending in 0 as undelivered (SANDBOX_UNDELIVERED).
        String id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Hi\"}}", "[{\"phone\":\"79001230040\"}]"))
                .json().get(0).get("id").asString();
        awaitStatus(api, id, "UNDELIVERED");
        String body = console.get("/console/messages/" + id).body();
        assertThat(body).contains("The sandbox pretended the message could not be delivered")
                .contains("The provider took it but could not deliver it");
        assertThat(console.get("/console/messages").body()).contains(">SMS<").doesNotContain(">sms<");
    }

    private ConsoleSession strangerSession() {
        AccountId other = accounts.create("stranger-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "stranger-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(other, username, PASSWORD);
        ConsoleSession session = new ConsoleSession("http://localhost:" + port);
        session.signIn(username, PASSWORD);
        return session;
    }

    private String template(String name) {
        ApiClient.Response created = api.post("/api/v1/templates", "{\"name\":\"" + name + "\",\"channels\":{\"sms\":"
                + "{\"text\":\"Здравствуйте, {{name}}\"}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String task(String name) {
        ApiClient.Response created = api.post("/api/v1/tasks", "{\"name\":\"" + name + "\",\"channels\":{\"sms\":"
                + "{\"text\":\"Скидка\"}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
