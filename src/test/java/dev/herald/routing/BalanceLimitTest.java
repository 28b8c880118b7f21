package dev.herald.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.SecondNode;
import dev.herald.auth.PlatformAdmins;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The account's credit set by the platform administrator, the balance (credit minus cost) in eSputnik's shape,
 * and the hard limit: bulk sends wait with a history entry, transactional ones go on down to the overdraft; the
 * running total of costs that the balance reads, kept right by two nodes sending for one account at once.
 */
class BalanceLimitTest extends HeraldTest {

    private static final String PASSWORD = "administrator pass 1";
    private static final AtomicInteger PHONES = new AtomicInteger();

    @Autowired
    PlatformAdmins admins;
    @Autowired
    TransactionTemplate tx;

    private final HttpClient http = HttpClient.newHttpClient();

    private static SecondNode secondNode;

    @BeforeAll
    static void startSecondNode(@Autowired EmbeddedPostgres postgres) {
        secondNode = SecondNode.start(postgres,
                "--herald.providers.allow-private-addresses=true",
                "--herald.queue.poll-interval=200ms",
                "--herald.queue.batch-size=2");
    }

    @AfterAll
    static void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    @Test
    void bulkWaitsAtTheHardLimitWhileTransactionalGoesOnToTheOverdraft() {
        ApiClient api = newAccount();
        String account = api.get("/api/v1/account/info").json().get("organisationId").asString();
        String path = "/bal-" + UUID.randomUUID();
        GATEWAY.stubFor(post(urlEqualTo(path + "/messages")).willReturn(aResponse().withStatus(200).withBody("{}")));
        String connection = api.post("/api/v1/providers", "{\"name\":\"agg\",\"type\":\"http\",\"channel\":\"sms\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + path + "\"}}").json().get("id").asString();
        assertThat(api.post("/api/v1/providers/" + connection + "/prices",
                "{\"unit\":\"MESSAGE\",\"price\":1,\"currency\":\"EUR\"}").status()).isEqualTo(201);

        JsonNode initial = api.get("/api/v1/balance").json();
        assertThat(initial.get("currentBalance").decimalValue()).isZero();
        assertThat(initial.get("currency").asString()).isEqualTo("EUR");

        HttpResponse<String> set = admin("PUT", "/api/v1/admin/accounts/" + account + "/credit",
                "{\"credit\":2,\"hardLimit\":0,\"overdraft\":1}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/balance").json().get("currentBalance").decimalValue()).isEqualByComparingTo("2");

        awaitStatus(api, send(api, "transactional"), "SENT");
        awaitStatus(api, send(api, "bulk"), "SENT");
        assertThat(api.get("/api/v1/balance").json().get("currentBalance").decimalValue()).isEqualByComparingTo("0");

        // At the limit: bulk waits, saying why; transactional goes on into the overdraft, then waits too.
        String bulk = send(api, "bulk");
        String transactional = send(api, "transactional");
        awaitStatus(api, transactional, "SENT");
        JsonNode waiting = awaitStatus(api, bulk, "DELAYED");
        assertThat(waiting.get("history").toString()).contains("BALANCE_LIMIT");
        assertThat(jdbc.sql("SELECT count(*) FROM message_status_event WHERE message_id = ?::uuid AND status = 'DELAYED'"
                + " AND error->>'code' = 'BALANCE_LIMIT'").param(bulk).query(Long.class).single()).isPositive();
        assertThat(api.get("/api/v1/balance").json().get("currentBalance").decimalValue()).isEqualByComparingTo("-1");
        String overdrawn = send(api, "transactional");
        awaitStatus(api, overdrawn, "DELAYED");

        // More credit: once the balance is looked at again, both go.
        assertThat(admin("PUT", "/api/v1/admin/accounts/" + account + "/credit",
                "{\"credit\":10,\"hardLimit\":0,\"overdraft\":1}").statusCode()).isEqualTo(200);
        jdbc.sql("UPDATE job SET due_at = now() WHERE message_id IN (?::uuid, ?::uuid)").params(bulk, overdrawn).update();
        awaitStatus(api, bulk, "SENT");
        awaitStatus(api, overdrawn, "SENT");
        JsonNode balance = api.get("/api/v1/balance").json();
        assertThat(balance.get("currentBalance").decimalValue()).isEqualByComparingTo("5");
        assertThat(balance.get("creditLimit").decimalValue()).isZero();
        JsonNode detail = JSON.readTree(admin("GET", "/api/v1/admin/accounts/" + account + "/credit", null).body());
        assertThat(detail.get("spent").decimalValue()).isEqualByComparingTo("5");
        assertThat(detail.get("hardLimit").decimalValue()).isZero();
    }

    @Test
    void theRunningTotalOfCostsMatchesTheMessagesWhenTwoNodesSendForOneAccount() throws Exception {
        ApiClient api = newAccount();
        String account = api.get("/api/v1/account/info").json().get("organisationId").asString();
        String path = "/bal-" + UUID.randomUUID();
        GATEWAY.stubFor(post(urlEqualTo(path + "/messages")).willReturn(aResponse().withStatus(200).withBody("{}")));
        String connection = api.post("/api/v1/providers", "{\"name\":\"agg\",\"type\":\"http\",\"channel\":\"sms\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + path + "\"}}").json().get("id").asString();
        assertThat(api.post("/api/v1/providers/" + connection + "/prices",
                "{\"unit\":\"PART\",\"price\":0.125,\"currency\":\"EUR\"}").status()).isEqualTo(201);
        assertThat(admin("PUT", "/api/v1/admin/accounts/" + account + "/credit", "{\"credit\":100,\"hardLimit\":-50}")
                .statusCode()).isEqualTo(200);

        // Sends through both nodes at once; both engines claim (the second in batches of 2) and add up costs.
        ApiClient second = secondNode.api(api.token());
        List<String> ids = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 40; i++) {
                ApiClient node = i % 2 == 0 ? api : second;
                threads.submit(() -> ids.add(send(node, "bulk")));
            }
        }
        assertThat(ids).hasSize(40);
        ids.forEach(id -> awaitStatus(api, id, "SENT"));

        java.math.BigDecimal summed = jdbc.sql("SELECT sum(cost) FROM message WHERE account_id = ?::uuid")
                .param(account).query(java.math.BigDecimal.class).single();
        assertThat(summed).isEqualByComparingTo("5.000");
        assertThat(jdbc.sql("SELECT sum(spent) FROM account_spend WHERE account_id = ?::uuid AND currency = 'EUR'")
                .param(account).query(java.math.BigDecimal.class).single()).isEqualByComparingTo(summed);
        assertThat(api.get("/api/v1/balance").json().get("currentBalance").decimalValue()).isEqualByComparingTo("95");
    }

    @Test
    void creditIsValidatedOnlyTheAdministratorSetsItAndEachAccountHasItsOwn() {
        ApiClient api = newAccount();
        ApiClient other = newAccount();
        String account = api.get("/api/v1/account/info").json().get("organisationId").asString();

        HttpResponse<String> bad = admin("PUT", "/api/v1/admin/accounts/" + account + "/credit",
                "{\"hardLimit\":1e12,\"overdraft\":-1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"credit\"", "\"hardLimit\"", "\"overdraft\"");
        assertThat(admin("PUT", "/api/v1/admin/accounts/" + UUID.randomUUID() + "/credit", "{\"credit\":1}")
                .statusCode()).isEqualTo(404);
        assertThat(api.put("/api/v1/admin/accounts/" + account + "/credit", "{\"credit\":100}").status())
                .as("an account token may not give itself credit").isEqualTo(401);

        assertThat(admin("PUT", "/api/v1/admin/accounts/" + account + "/credit", "{\"credit\":7.5,\"hardLimit\":-3}")
                .statusCode()).isEqualTo(200);
        JsonNode mine = api.get("/api/v1/balance").json();
        assertThat(mine.get("currentBalance").decimalValue()).isEqualByComparingTo("7.5");
        assertThat(mine.get("creditLimit").decimalValue()).isEqualByComparingTo("3");
        assertThat(other.get("/api/v1/balance").json().get("currentBalance").decimalValue()).isZero();
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private static String send(ApiClient api, String priority) {
        ApiClient.Response r = api.post("/api/v1/messages", "{\"messages\":[{\"priority\":\"" + priority + "\",\"channels\":{\"sms\":"
                + "{\"text\":\"t\"}},\"destinations\":[{\"phone\":\"+3712" + String.format("%07d", PHONES.incrementAndGet())
                + "\"}]}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get(0).get("id").asString();
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        String email = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@herald.test";
        tx.executeWithoutResult(status -> admins.add(email, PASSWORD, false));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((email + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
