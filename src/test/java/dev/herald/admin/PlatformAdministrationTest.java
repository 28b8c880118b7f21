package dev.herald.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.PlatformAdmins;
import dev.herald.people.PeopleFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform administrator over HTTP: creates accounts whose owners accept their invitation and sign in,
 * suspends one (its API tokens and console sessions fail at once, its queued messages wait) and deletes one
 * (erased, the other account untouched).
 */
class PlatformAdministrationTest extends HeraldTest {

    private static final String PASSWORD = "administrator pass 1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    PlatformAdmins admins;
    @Autowired
    TransactionTemplate tx;

    private final HttpClient http = HttpClient.newHttpClient();
    private String admin;

    @BeforeEach
    void administrator() {
        admin = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@herald.test";
        tx.executeWithoutResult(status -> admins.add(admin, PASSWORD, false));
    }

    record Reply(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Reply call(String method, String path, String body, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply asAdmin(String method, String path, String body) {
        return call(method, path, body, admin, PASSWORD);
    }

    /** Creates an account with an invited owner, who accepts; the owner's console session and an API token. */
    private record Tenant(UUID id, String owner, ConsoleSession console, ApiClient api) {}

    private Tenant tenant(String name) {
        String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Reply created = asAdmin("POST", "/api/v1/admin/accounts", ApiClient.json(Map.of("name", name,
                "timeZone", "Europe/Berlin", "ownerEmail", owner)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().path("account").path("id").asString());
        assertThat(created.json().path("owner").path("role").asString()).isEqualTo("owner");
        assertThat(created.json().path("owner").path("status").asString()).isEqualTo("invited");

        String token = PeopleFixtures.linkToken(jdbc, id, owner, "/console/invitation");
        ConsoleSession console = new ConsoleSession("http://localhost:" + port);
        assertThat(console.get("/console/invitation?token=" + token).body()).contains(owner);
        ConsoleSession.Page accepted = console.post("/console/invitation", Map.of("token", token,
                "password", "owner password 1"));
        assertThat(accepted.status()).isEqualTo(302);
        assertThat(accepted.location()).contains("/console/login?ready");
        // the link works once
        assertThat(console.get("/console/invitation?token=" + token).status()).isEqualTo(404);
        ConsoleSession.Page signedIn = console.signIn(owner, "owner password 1");
        assertThat(signedIn.location()).endsWith("/console");
        assertThat(console.get("/console/people").status()).isEqualTo(200);
        return new Tenant(id, owner, console, new ApiClient("http://localhost:" + port,
                tokens.issue(new AccountId(id), "test").token()));
    }

    @Test
    void anAdministratorCreatesTwoAccountsWhoseOwnersSignIn() {
        Tenant first = tenant("Agency one");
        Tenant second = tenant("Agency two");

        Reply list = asAdmin("GET", "/api/v1/admin/accounts", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(first.id().toString(), second.id().toString(), "Agency one", "Agency two");
        assertThat(asAdmin("GET", "/api/v1/admin/accounts/" + first.id(), null).json().path("timeZone").asString())
                .isEqualTo("Europe/Berlin");

        // the owners see their own people only
        assertThat(first.api().get("/api/v1/people").text()).contains(first.owner()).doesNotContain(second.owner());
        assertThat(second.console().get("/console/people").body()).contains(second.owner())
                .doesNotContain(first.owner());
    }

    @Test
    void onlyAdministratorsReachTheAdministrationApi() {
        Tenant tenant = tenant("Not an admin");
        assertThat(call("GET", "/api/v1/admin/accounts", null, null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/admin/accounts", null, admin, "wrong password!").status()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/admin/accounts", null, tenant.owner(), "owner password 1").status())
                .isEqualTo(401);
        assertThat(tenant.api().get("/api/v1/admin/accounts").status()).isEqualTo(401);
        // and an administrator is not a person of any account
        assertThat(asAdmin("GET", "/api/v1/people", null).status()).isEqualTo(401);
    }

    @Test
    void badInputNamesTheField() {
        Reply noName = asAdmin("POST", "/api/v1/admin/accounts", "{\"name\":\"  \"}");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body()).contains("name");
        Reply badZone = asAdmin("POST", "/api/v1/admin/accounts", "{\"name\":\"x\",\"timeZone\":\"Mars/Olympus\"}");
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.body()).contains("timeZone");
        Reply badOwner = asAdmin("POST", "/api/v1/admin/accounts", "{\"name\":\"x\",\"ownerEmail\":\"nobody\"}");
        assertThat(badOwner.status()).isEqualTo(400);
        assertThat(badOwner.body()).contains("email");
        assertThat(asAdmin("GET", "/api/v1/admin/accounts/" + UUID.randomUUID(), null).status()).isEqualTo(404);
    }

    @Test
    void suspensionStopsTokensAndSessionsAtOnceAndHoldsQueuedMessages() {
        Tenant tenant = tenant("Suspended soon");
        Tenant other = tenant("Keeps going");
        String sendAt = java.time.OffsetDateTime.now().plusSeconds(2).toString();
        ApiClient.Response sent = tenant.api().post("/api/v1/messages", "{\"messages\":[{\"sendAt\":\"" + sendAt
                + "\",\"channels\":{\"sms\":{\"text\":\"later\"}},\"destinations\":[{\"phone\":\"79001234567\"}]}]}");
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        String messageId = sent.json().get(0).path("id").asString();
        assertThat(tenant.console().get("/console/messages").status()).isEqualTo(200);

        assertThat(asAdmin("POST", "/api/v1/admin/accounts/" + tenant.id() + "/suspend", null).json()
                .path("status").asString()).isEqualTo("SUSPENDED");

        assertThat(tenant.api().get("/api/v1/messages/" + messageId).status()).isEqualTo(401);
        ConsoleSession.Page page = tenant.console().get("/console/messages");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).contains("/console/login");
        assertThat(tenant.console().signIn(tenant.owner(), "owner password 1").location()).contains("/console/login?error");
        assertThat(other.api().get("/api/v1/people").status()).isEqualTo(200);

        // the message's time comes and goes: the engine leaves it
        sleep(4000);
        assertThat(jdbc.sql("SELECT status FROM message WHERE id = ?").param(UUID.fromString(messageId))
                .query(String.class).single()).isIn("CREATED", "DELAYED");
        assertThat(asAdmin("POST", "/api/v1/admin/accounts/" + tenant.id() + "/suspend", null).status()).isEqualTo(409);

        assertThat(asAdmin("POST", "/api/v1/admin/accounts/" + tenant.id() + "/resume", null).status()).isEqualTo(200);
        awaitStatus(tenant.api(), messageId, "DELIVERED");
        assertThat(tenant.console().signIn(tenant.owner(), "owner password 1").location()).doesNotContain("/console/login");
    }

    @Test
    void deletionStopsTheAccountAndErasesItsData() {
        Tenant doomed = tenant("Deleted soon");
        Tenant other = tenant("Stays");
        for (ApiClient api : new ApiClient[] {doomed.api(), other.api()}) {
            ApiClient.Response sent = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"}}",
                    "[{\"phone\":\"79001234567\"}]"));
            assertThat(sent.status()).isEqualTo(201);
            awaitStatus(api, sent.json().get(0).path("id").asString(), "DELIVERED");
            assertThat(api.post("/api/v1/templates", "{\"name\":\"t\",\"channels\":{\"sms\":{\"text\":\"x\"}}}")
                    .status()).isEqualTo(201);
        }

        Reply deleted = asAdmin("DELETE", "/api/v1/admin/accounts/" + doomed.id(), null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(202);
        assertThat(doomed.api().get("/api/v1/people").status()).isEqualTo(401);
        assertThat(doomed.console().get("/console/people").status()).isEqualTo(302);
        assertThat(asAdmin("GET", "/api/v1/admin/accounts/" + doomed.id(), null).status()).isEqualTo(404);

        eventually().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM account WHERE id = ?").param(doomed.id()).query(Long.class).single() == 0);
        // A one-destination send registers no bulk row (V53): its group stands for the request.
        for (String table : new String[] {"message", "flow", "message_group", "app_user", "api_token", "template",
                "sandbox_message", "audit_event", "job"}) {
            assertThat(jdbc.sql("SELECT count(*) FROM " + table + " WHERE account_id = ?").param(doomed.id())
                    .query(Long.class).single()).as(table).isZero();
            if (!table.equals("job")) {
                assertThat(jdbc.sql("SELECT count(*) FROM " + table + " WHERE account_id = ?").param(other.id())
                        .query(Long.class).single()).as(table + " of the other account").isPositive();
            }
        }
        assertThat(other.api().get("/api/v1/people").status()).isEqualTo(200);
    }

    @Test
    void theFirstRunPageClosesOnceThereIsAnAdministrator() {
        ConsoleSession visitor = new ConsoleSession("http://localhost:" + port);
        assertThat(visitor.get("/console/setup").status()).isEqualTo(404);
        String intruder = "intruder-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(visitor.post("/console/setup", Map.of("email", intruder, "password", "intruder password"))
                .status()).isEqualTo(404);
        assertThat(admins.find(intruder)).isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
