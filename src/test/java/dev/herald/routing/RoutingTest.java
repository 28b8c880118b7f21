package dev.herald.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Routes through the HTTP API against two WireMock gateways connected as the account's own connections: failover
 * on each trigger, prefix routing, the circuit, weight shifting, the report timeout, and other accounts.
 */
class RoutingTest extends HeraldTest {

    private static final AtomicInteger PHONES = new AtomicInteger();

    /** Two gateways of one account, each with its own WireMock path. */
    private record Pair(ApiClient api, String a, String b, String pathA, String pathB) {}

    @Test
    void aTransientFailureFailsOverToTheNextConnectionAndTheHistoryShowsBoth() {
        Pair p = pair(aResponse().withStatus(503).withBody("down"), accepting("b"));
        route(p.api(), "{\"channel\":\"sms\",\"connections\":[{\"connection\":\"a\"},{\"connection\":\"b\"}]}");

        String id = send(p.api(), nextPhone());
        JsonNode sent = awaitStatus(p.api(), id, "SENT");

        assertThat(sent.get("providerMessageId").asString()).isEqualTo("b-id");
        assertThat(attempts(id)).containsExactly("conn:" + p.a() + " TRANSIENT_FAILURE", "conn:" + p.b() + " ACCEPTED");
        assertThat(providerOf(id)).isEqualTo("conn:" + p.b());
    }

    @Test
    void theProvidersOwnRefusalFailsOverButARecipientFaultDoesNot() {
        Pair auth = pair(aResponse().withStatus(401).withBody("bad key"), accepting("b"));
        route(auth.api(), "{\"channel\":\"sms\",\"connections\":[{\"connection\":\"a\"},{\"connection\":\"b\"}]}");
        String id = send(auth.api(), nextPhone());
        awaitStatus(auth.api(), id, "SENT");
        assertThat(attempts(id)).containsExactly("conn:" + auth.a() + " PERMANENT_FAILURE", "conn:" + auth.b() + " ACCEPTED");

        Pair invalid = pair(aResponse().withStatus(400).withBody("invalid number"), accepting("b"));
        route(invalid.api(), "{\"channel\":\"sms\",\"connections\":[{\"connection\":\"a\"},{\"connection\":\"b\"}]}");
        String refused = send(invalid.api(), nextPhone());
        JsonNode failed = awaitStatus(invalid.api(), refused, "FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("HTTP_400");
        assertThat(attempts(refused)).containsExactly("conn:" + invalid.a() + " PERMANENT_FAILURE");
        assertThat(GATEWAY.findAll(postRequestedFor(urlEqualTo(invalid.pathB() + "/messages")))).isEmpty();
    }

    @Test
    void anOpenCircuitIsPassedOverWithoutAsking() {
        Pair p = pair(aResponse().withStatus(503), accepting("b"));
        route(p.api(), "{\"channel\":\"sms\",\"connections\":[{\"connection\":\"a\"},{\"connection\":\"b\"}]}");
        // Five failures in a row open a's circuit (herald.routing.breaker-failures).
        for (int i = 0; i < 5; i++) {
            awaitStatus(p.api(), send(p.api(), nextPhone()), "SENT");
        }
        assertThat(GATEWAY.findAll(postRequestedFor(urlEqualTo(p.pathA() + "/messages")))).hasSize(5);
        JsonNode health = p.api().get("/api/v1/providers/" + p.a() + "/health").json();
        assertThat(health.get("circuit").get("state").asString()).isEqualTo("OPEN");
        assertThat(health.get("circuit").get("consecutiveFailures").asInt()).isEqualTo(5);

        String id = send(p.api(), nextPhone());
        awaitStatus(p.api(), id, "SENT");

        assertThat(GATEWAY.findAll(postRequestedFor(urlEqualTo(p.pathA() + "/messages")))).as("a not asked").hasSize(5);
        assertThat(attempts(id)).containsExactly("conn:" + p.b() + " ACCEPTED");
        JsonNode b = p.api().get("/api/v1/providers/" + p.b() + "/health").json();
        assertThat(b.get("circuit").get("state").asString()).isEqualTo("CLOSED");
        assertThat(b.get("latencyMs").asDouble()).isPositive();
    }

    @Test
    void theLongestPrefixWinsAndOtherDestinationsTakeTheDefaultConnection() {
        ApiClient api = newAccount();
        String base = "/rt-" + UUID.randomUUID();
        String fallback = connection(api, "fallback", base + "/c", accepting("c"));
        String a = connection(api, "a", base + "/a", accepting("a"));
        String b = connection(api, "b", base + "/b", accepting("b"));
        route(api, "{\"channel\":\"sms\",\"prefix\":\"+371\",\"connections\":[{\"connection\":\"a\"}]}");
        route(api, "{\"channel\":\"sms\",\"prefix\":\"3712\",\"connections\":[{\"connection\":\"" + b + "\"}]}");

        String latvianMobile = send(api, "+3712" + digits(7));
        String latvianOther = send(api, "+3716" + digits(7));
        String german = send(api, "+4915" + digits(8));

        assertThat(awaitStatus(api, latvianMobile, "SENT").get("providerMessageId").asString()).isEqualTo("b-id");
        assertThat(awaitStatus(api, latvianOther, "SENT").get("providerMessageId").asString()).isEqualTo("a-id");
        assertThat(awaitStatus(api, german, "SENT").get("providerMessageId").asString()).isEqualTo("c-id");
        assertThat(providerOf(german)).isEqualTo("conn:" + fallback);
        assertThat(providerOf(latvianOther)).isEqualTo("conn:" + a);

        // Naming a provider still forces it.
        String forced = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"t\",\"provider\":\"fallback\"}}",
                "[{\"phone\":\"+3712" + digits(7) + "\"}]")).json().get(0).get("id").asString();
        assertThat(awaitStatus(api, forced, "SENT").get("providerMessageId").asString()).isEqualTo("c-id");
    }

    @Test
    void noReportWithinTheRoutesTimeoutSendsAgainThroughTheNextConnection() {
        Pair p = pair(accepting("a"), accepting("b"));
        route(p.api(), "{\"channel\":\"sms\",\"reportTimeoutSeconds\":1,"
                + "\"connections\":[{\"connection\":\"a\"},{\"connection\":\"b\"}]}");

        String id = send(p.api(), nextPhone());
        awaitStatus(p.api(), id, "SENT");
        assertThat(providerOf(id)).isEqualTo("conn:" + p.a());
        eventually().until(() -> providerOf(id).equals("conn:" + p.b()));

        JsonNode resent = p.api().get("/api/v1/messages/" + id).json();
        assertThat(resent.get("status").asString()).isEqualTo("SENT");
        assertThat(resent.get("providerMessageId").asString()).isEqualTo("b-id");
        assertThat(attempts(id)).containsExactly("conn:" + p.a() + " ACCEPTED", "conn:" + p.b() + " ACCEPTED");
        // b's report now counts; a message with no connection left is not sent a third time.
        assertThat(anonymous().post("/webhooks/http/" + p.b(), "{\"id\":\"b-id\",\"status\":\"DELIVERED\"}",
                "Authorization", "Bearer hook-secret").status()).isEqualTo(204);
        awaitStatus(p.api(), id, "DELIVERED");
        assertThat(GATEWAY.findAll(postRequestedFor(urlEqualTo(p.pathB() + "/messages")))).hasSize(1);
    }

    @Test
    void weightShiftsAwayFromAConnectionWhoseDeliveryRateDrops() {
        Pair p = pair(accepting("a"), accepting("b"));
        String only = route(p.api(), "{\"channel\":\"sms\",\"connections\":[{\"connection\":\"a\"}]}");
        // 25 reports through a, 20 of them UNDELIVERED: a delivers 20 %.
        List<String> ids = sendMany(p.api(), 25);
        ids.forEach(id -> awaitStatus(p.api(), id, "SENT"));
        for (int i = 0; i < ids.size(); i++) {
            jdbc.sql("UPDATE message SET provider_message_id = ? WHERE id = ?::uuid").params("a-" + i, ids.get(i)).update();
            assertThat(anonymous().post("/webhooks/http/" + p.a(), "{\"id\":\"a-" + i + "\",\"status\":\""
                    + (i < 20 ? "UNDELIVERED" : "DELIVERED") + "\"}", "Authorization", "Bearer hook-secret").status())
                    .isEqualTo(204);
        }
        eventually().until(() -> p.api().get("/api/v1/providers/" + p.a() + "/health").json().path("reported").asLong() == 25);
        assertThat(p.api().get("/api/v1/providers/" + p.a() + "/health").json().get("rate").asDouble()).isEqualTo(0.2);
        assertThat(p.api().put("/api/v1/routes/" + only, "{\"channel\":\"sms\",\"mode\":\"WEIGHTED\",\"minDeliveryRate\":0.5,"
                + "\"connections\":[{\"connection\":\"a\",\"weight\":1},{\"connection\":\"b\",\"weight\":1}]}").status())
                .isEqualTo(200);
        GATEWAY.resetRequests();

        sendMany(p.api(), 60).forEach(id -> awaitStatus(p.api(), id, "SENT"));

        int toA = GATEWAY.findAll(postRequestedFor(urlEqualTo(p.pathA() + "/messages"))).size();
        int toB = GATEWAY.findAll(postRequestedFor(urlEqualTo(p.pathB() + "/messages"))).size();
        assertThat(toA + toB).isEqualTo(60);
        // a keeps a tenth of its weight: about 5 of 60; equal weights would give about 30.
        assertThat(toA).isLessThan(18);
    }

    @Test
    void routesAreValidatedAndOnlyTheAccountsOwn() {
        Pair mine = pair(accepting("a"), accepting("b"));
        ApiClient other = newAccount();
        String email = connection(mine.api(), "mail", "/rt-" + UUID.randomUUID() + "/m", accepting("m"), "email");

        ApiClient.Response foreign = other.post("/api/v1/routes", "{\"channel\":\"sms\",\"connections\":[{\"connection\":\""
                + mine.a() + "\"}]}");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.text()).contains("connections[0].connection");

        ApiClient.Response bad = mine.api().post("/api/v1/routes", "{\"channel\":\"sms\",\"prefix\":\"37a\",\"mode\":\"RANDOM\","
                + "\"reportTimeoutSeconds\":0,\"minDeliveryRate\":2,\"connections\":[{\"connection\":\"a\",\"weight\":0},"
                + "{\"connection\":\"" + email + "\"},{\"connection\":\"nope\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("\"prefix\"", "\"mode\"", "\"reportTimeoutSeconds\"", "\"minDeliveryRate\"",
                "connections[0].weight", "connections[1].connection", "connections[2].connection");
        assertThat(mine.api().post("/api/v1/routes", "{\"channel\":\"fax\",\"connections\":[]}").text())
                .contains("\"channel\"", "\"connections\"");
        assertThat(mine.api().post("/api/v1/routes", "{\"channel\":\"email\",\"prefix\":\"44\",\"connections\":[{\"connection\":\"mail\"}]}")
                .text()).contains("\"prefix\"");

        String id = route(mine.api(), "{\"channel\":\"sms\",\"connections\":[{\"connection\":\"a\"}]}");
        ApiClient.Response twice = mine.api().post("/api/v1/routes", "{\"channel\":\"sms\",\"connections\":[{\"connection\":\"b\"}]}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.text()).contains("\"prefix\"");

        assertThat(other.get("/api/v1/routes/" + id).status()).isEqualTo(404);
        assertThat(other.put("/api/v1/routes/" + id, "{\"channel\":\"sms\",\"connections\":[{\"connection\":\"" + mine.b() + "\"}]}")
                .status()).isIn(400, 404);
        assertThat(other.delete("/api/v1/routes/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/routes").json().get("count").asInt()).isZero();
        assertThat(other.get("/api/v1/providers/" + mine.a() + "/health").status()).isEqualTo(404);

        JsonNode listed = mine.api().get("/api/v1/routes?channel=sms").json();
        assertThat(listed.get("count").asInt()).isEqualTo(1);
        assertThat(listed.get("items").get(0).get("connections").get(0).get("name").asString()).isEqualTo("a");
        assertThat(mine.api().delete("/api/v1/providers/" + mine.a()).status()).isEqualTo(204);
        assertThat(mine.api().get("/api/v1/routes/" + id).status()).as("a route left empty goes").isEqualTo(404);
    }

    private Pair pair(ResponseDefinitionBuilder answerA, ResponseDefinitionBuilder answerB) {
        ApiClient api = newAccount();
        String base = "/rt-" + UUID.randomUUID();
        String a = connection(api, "a", base + "/a", answerA);
        String b = connection(api, "b", base + "/b", answerB);
        return new Pair(api, a, b, base + "/a", base + "/b");
    }

    private static ResponseDefinitionBuilder accepting(String gateway) {
        return aResponse().withStatus(200).withBody("{\"id\":\"" + gateway + "-id\"}");
    }

    private String connection(ApiClient api, String name, String path, ResponseDefinitionBuilder answer) {
        return connection(api, name, path, answer, "sms");
    }

    private String connection(ApiClient api, String name, String path, ResponseDefinitionBuilder answer, String channel) {
        GATEWAY.stubFor(post(urlEqualTo(path + "/messages")).willReturn(answer));
        ApiClient.Response created = api.post("/api/v1/providers", "{\"name\":\"" + name + "\",\"type\":\"http\",\"channel\":\""
                + channel + "\",\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + path + "\",\"webhookSecret\":\"hook-secret\"}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String route(ApiClient api, String body) {
        ApiClient.Response created = api.post("/api/v1/routes", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String send(ApiClient api, String phone) {
        ApiClient.Response response = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"t\"}}",
                "[{\"phone\":\"" + phone + "\"}]"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0).get("id").asString();
    }

    private static List<String> sendMany(ApiClient api, int count) {
        StringBuilder destinations = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            destinations.append(i == 0 ? "" : ",").append("{\"phone\":\"").append(nextPhone()).append("\"}");
        }
        ApiClient.Response response = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"t\"}}", destinations + "]"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        List<String> ids = new java.util.ArrayList<>();
        response.json().forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private List<String> attempts(String messageId) {
        return jdbc.sql("SELECT provider || ' ' || outcome FROM delivery_attempt WHERE message_id = ?::uuid"
                        + " ORDER BY finished_at, id")
                .param(messageId).query(String.class).list();
    }

    private String providerOf(String messageId) {
        return jdbc.sql("SELECT provider FROM message WHERE id = ?::uuid").param(messageId).query(String.class).single();
    }

    private static String nextPhone() {
        return "7956" + String.format("%07d", PHONES.incrementAndGet());
    }

    private static String digits(int n) {
        return String.format("%0" + n + "d", PHONES.incrementAndGet());
    }
}
