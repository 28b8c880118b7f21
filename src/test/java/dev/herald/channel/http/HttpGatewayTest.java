package dev.herald.channel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The HTTP gateway provider against a WireMock gateway: retries, permanent refusals, delivery reports. */
class HttpGatewayTest extends HeraldTest {

    private static final AtomicInteger PHONES = new AtomicInteger();

    @Test
    void aGatewayAnswering503IsRetriedUntilItAccepts() {
        String phone = nextPhone();
        String scenario = "flaky-" + phone;
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("maintenance")).willSetStateTo("up"));
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .inScenario(scenario).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"gw-" + phone + "\"}")));
        ApiClient api = newAccount();

        String id = send(api, phone);
        JsonNode sent = awaitStatus(api, id, "SENT");

        assertThat(sent.get("providerMessageId").asString()).isEqualTo("gw-" + phone);
        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
        assertThat(attemptOutcomes(id)).containsExactly("TRANSIENT_FAILURE", "ACCEPTED");
        List<LoggedRequest> requests = requestsTo(phone);
        assertThat(requests).hasSize(2);
        assertThat(requests.getFirst().getHeader("Authorization")).isEqualTo("Bearer gw-key");
        assertThat(requests.getFirst().getHeader("Idempotency-Key")).isEqualTo(id);
        assertThat(requests.get(1).getHeader("Idempotency-Key")).isEqualTo(id);
    }

    @Test
    void aThrottledGatewayIsRetriedAfterItsRetryAfter() {
        String phone = nextPhone();
        String scenario = "throttled-" + phone;
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("ok"));
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .inScenario(scenario).whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(202).withBody("{}")));
        ApiClient api = newAccount();

        String id = send(api, phone);
        JsonNode sent = awaitStatus(api, id, "SENT");

        assertThat(sent.get("providerMessageId").asString()).as("the message id when the gateway gives none").isEqualTo(id);
        List<LoggedRequest> requests = requestsTo(phone);
        assertThat(requests).hasSize(2);
        Duration waited = Duration.between(requests.get(0).getLoggedDate().toInstant(), requests.get(1).getLoggedDate().toInstant());
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void aLongOrHostileAnswerReachesTheMessagesErrorAsAShortCleanExcerpt() {
        String phone = nextPhone();
        String answer = "bad number\r\n2026-01-01 ERROR forged log line\u001b[31m" + "x".repeat(5_000);
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .willReturn(aResponse().withStatus(400).withBody(answer)));
        ApiClient api = newAccount();

        JsonNode item = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"t\",\"provider\":\"gw\"}}",
                "[{\"phone\":\"" + phone + "\"}]")).json().get(0);
        String error = awaitStatus(api, item.get("id").asString(), "FAILED").get("error").get("message").asString();

        assertThat(error).contains("bad number  2026-01-01 ERROR forged log line [31mxxx").endsWith("x…")
                .doesNotContain("\r", "\n", "\u001b");
        assertThat(error.length()).isLessThan(200 + 60);
    }

    @Test
    void aRefusalIsPermanentAndTheCascadeMovesOn() {
        String phone = nextPhone();
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"invalid number\"}")));
        ApiClient api = newAccount();

        JsonNode item = api.post("/api/v1/messages", group(
                "{\"sms\":{\"text\":\"t\",\"provider\":\"gw\"},\"viber\":{\"text\":\"t\"}}", "[{\"phone\":\"" + phone + "\"}]"))
                .json().get(0);
        JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");

        assertThat(failed.get("error").get("code").asString()).isEqualTo("HTTP_400");
        assertThat(failed.get("error").get("message").asString()).contains("invalid number");
        assertThat(attemptOutcomes(item.get("id").asString())).containsExactly("PERMANENT_FAILURE");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString() + "&channel=viber&status=DELIVERED")
                .json().get("count").asLong() == 1);
    }

    @Test
    void deliveryReportsArriveByWebhookOnceAndOnlyWithTheSecret() {
        String phone = nextPhone();
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"r-" + phone + "\"}")));
        ApiClient api = newAccount();
        String id = send(api, phone);
        awaitStatus(api, id, "SENT");
        String report = "{\"id\":\"r-" + phone + "\",\"status\":\"DELIVERED\"}";

        assertThat(anonymous().post("/webhooks/http/gw", report, "Authorization", "Bearer wrong").status()).isEqualTo(401);
        assertThat(anonymous().post("/webhooks/http/gw", report).status()).isEqualTo(401);
        assertThat(anonymous().post("/webhooks/http/nope", report, "Authorization", "Bearer gw-secret").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString()).isEqualTo("SENT");

        assertThat(anonymous().post("/webhooks/http/gw", report, "Authorization", "Bearer gw-secret").status()).isEqualTo(204);
        assertThat(anonymous().post("/webhooks/http/gw", report, "Authorization", "Bearer gw-secret").status()).isEqualTo(204);
        JsonNode delivered = awaitStatus(api, id, "DELIVERED");
        assertThat(delivered.get("history").findValuesAsString("status")).containsExactly("CREATED", "PENDING", "SENT", "DELIVERED");
        assertThat(anonymous().post("/webhooks/http/gw", "{\"id\":\"x\",\"status\":\"LOST\"}", "Authorization", "Bearer gw-secret")
                .status()).isEqualTo(400);
    }

    @Test
    void aLongSmsIsCountedInThePartsAnSmscWouldSend() {
        String latin = nextPhone();
        String cyrillic = nextPhone();
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(latin)))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(cyrillic)))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        ApiClient api = newAccount();

        // 200 GSM characters take two parts of 153; 100 Cyrillic characters (UCS-2) two parts of 67.
        String latinId = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"" + "a".repeat(200)
                + "\",\"provider\":\"gw\"}}", "[{\"phone\":\"" + latin + "\"}]")).json().get(0).get("id").asString();
        String cyrillicId = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"" + "ж".repeat(100)
                + "\",\"provider\":\"gw\"}}", "[{\"phone\":\"" + cyrillic + "\"}]")).json().get(0).get("id").asString();

        assertThat(awaitStatus(api, latinId, "SENT").get("partCount").asInt()).isEqualTo(2);
        assertThat(awaitStatus(api, cyrillicId, "SENT").get("partCount").asInt()).isEqualTo(2);
        assertThat(awaitStatus(api, send(api, nextPhoneAccepted()), "SENT").get("partCount").asInt()).isEqualTo(1);
    }

    @Test
    void aBatchIsPostedConcurrentlyAndAConnectionsMaxConcurrentBoundsIt() {
        GATEWAY.stubFor(post(urlEqualTo("/batch/messages"))
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(400)));
        GATEWAY.stubFor(post(urlEqualTo("/narrow/messages"))
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(400)));
        ApiClient api = newAccount();
        api.post("/api/v1/providers", "{\"name\":\"wide\",\"type\":\"http\",\"channel\":\"sms\",\"settings\":{"
                + "\"baseUrl\":\"" + GATEWAY.baseUrl() + "/batch\"}}");
        ApiClient.Response narrow = api.post("/api/v1/providers", "{\"name\":\"narrow\",\"type\":\"http\","
                + "\"channel\":\"sms\",\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/narrow\",\"maxConcurrent\":\"2\"}}");
        assertThat(narrow.status()).as(narrow.text()).isEqualTo(201);

        List<String> wide = sendMany(api, "wide", 8);
        List<String> bounded = sendMany(api, "narrow", 6);
        wide.forEach(id -> awaitStatus(api, id, "SENT"));
        bounded.forEach(id -> awaitStatus(api, id, "SENT"));

        // One after the other, 8 answers of 400 ms would take 3.2 s; at once they all arrive together.
        assertThat(arrivalSpread("/batch/messages", 8)).isLessThan(Duration.ofMillis(1500));
        // Two at a time: three rounds of 400 ms.
        assertThat(arrivalSpread("/narrow/messages", 6)).isGreaterThanOrEqualTo(Duration.ofMillis(750));
        assertThat(api.post("/api/v1/providers", "{\"name\":\"bad\",\"type\":\"http\",\"channel\":\"sms\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/x\",\"maxConcurrent\":\"0\"}}").text())
                .contains("maxConcurrent");
    }

    private static List<String> sendMany(ApiClient api, String provider, int count) {
        StringBuilder destinations = new StringBuilder();
        for (int i = 0; i < count; i++) {
            destinations.append(i == 0 ? "" : ",").append("{\"phone\":\"").append(nextPhone()).append("\"}");
        }
        JsonNode items = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"batch\",\"provider\":\"" + provider
                + "\"}}", "[" + destinations + "]")).json();
        List<String> ids = new java.util.ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asString()));
        assertThat(ids).hasSize(count);
        return ids;
    }

    private static Duration arrivalSpread(String url, int expected) {
        List<java.time.Instant> arrivals = GATEWAY.findAll(postRequestedFor(urlEqualTo(url))).stream()
                .map(r -> r.getLoggedDate().toInstant()).sorted().toList();
        assertThat(arrivals).hasSize(expected);
        return Duration.between(arrivals.getFirst(), arrivals.getLast());
    }

    private static String send(ApiClient api, String phone) {
        return api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"via gateway\",\"provider\":\"gw\"}}",
                "[{\"phone\":\"" + phone + "\"}]")).json().get(0).get("id").asString();
    }

    private List<String> attemptOutcomes(String messageId) {
        return jdbc.sql("SELECT outcome FROM delivery_attempt WHERE message_id = ?::uuid ORDER BY id")
                .param(messageId).query(String.class).list();
    }

    private static List<LoggedRequest> requestsTo(String phone) {
        return GATEWAY.findAll(postRequestedFor(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone))));
    }

    private static String nextPhoneAccepted() {
        String phone = nextPhone();
        GATEWAY.stubFor(post(urlEqualTo("/gw/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        return phone;
    }

    private static String nextPhone() {
        return "7955" + String.format("%07d", PHONES.incrementAndGet() * 10 + 1);
    }
}
