package dev.herald.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every status change of a message reaches the group's callbackUrl: signed, in order, retried until 2xx. */
class CallbackDeliveryTest extends HeraldTest {

    private static CallbackReceiver receiver;

    @org.springframework.beans.factory.annotation.Autowired
    CallbackRetention retention;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = CallbackReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void everyStatusChangeIsPostedInOrderWithTheGroupsCallbackData() {
        ApiClient api = newAccount();
        String path = path();
        JsonNode item = send(api, receiver.url(path), "crm-42", "79001234561");
        String id = item.get("id").asString();

        List<JsonNode> callbacks = awaitCallbacks(path, 3);

        assertThat(callbacks).extracting(c -> c.get("oldStatus").asString() + ">" + c.get("newStatus").asString())
                .containsExactly("CREATED>PENDING", "PENDING>SENT", "SENT>DELIVERED");
        assertThat(callbacks).extracting(c -> c.get("oldStatusCode").asInt() + ">" + c.get("newStatusCode").asInt())
                .containsExactly("1>4", "4>5", "5>6");
        for (JsonNode callback : callbacks) {
            assertThat(callback.propertyNames()).containsExactly("id", "bulkId", "groupId", "flowId", "channel",
                    "oldStatus", "newStatus", "oldStatusCode", "newStatusCode", "partCount", "providerMessageId",
                    "error", "callbackData", "at");
            assertThat(callback.get("id").asString()).isEqualTo(id);
            assertThat(callback.get("bulkId").asString()).isEqualTo(item.get("bulkId").asString());
            assertThat(callback.get("groupId").asString()).isEqualTo(item.get("groupId").asString());
            assertThat(callback.get("flowId").asString()).isEqualTo(item.get("flowId").asString());
            assertThat(callback.get("channel").asString()).isEqualTo("SMS");
            assertThat(callback.get("callbackData").asString()).isEqualTo("crm-42");
            assertThat(callback.get("error").isNull()).isTrue();
            assertThat(Instant.parse(callback.get("at").asString())).isBefore(Instant.now());
        }
        assertThat(callbacks.get(0).get("providerMessageId").isNull()).isTrue();
        String providerMessageId = api.get("/api/v1/messages/" + id).json().get("providerMessageId").asString();
        assertThat(callbacks.get(1).get("providerMessageId").asString()).isEqualTo(providerMessageId);
        assertThat(callbacks.get(2).get("partCount").asInt()).isEqualTo(1);

        JsonNode listed = deliveries(api, id);
        assertThat(listed.get("count").asInt()).isEqualTo(3);
        for (JsonNode delivery : listed.get("items")) {
            assertThat(delivery.get("status").asString()).isEqualTo("DELIVERED");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            assertThat(delivery.get("lastError").isNull()).isTrue();
            assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();
            assertThat(delivery.get("deliveredAt").isNull()).isFalse();
        }
    }

    @Test
    void aFailedDestinationReportsItsErrorInTheCallback() {
        ApiClient api = newAccount();
        String path = path();
        send(api, receiver.url(path), null, "79001234569");

        List<JsonNode> callbacks = awaitCallbacks(path, 2);

        JsonNode failed = callbacks.get(1);
        assertThat(failed.get("newStatus").asString()).isEqualTo("FAILED");
        assertThat(failed.get("newStatusCode").asInt()).isEqualTo(10);
        assertThat(failed.get("error").get("code").asString()).isEqualTo("SANDBOX_REJECTED");
        assertThat(failed.get("error").get("message").asString()).isNotBlank();
        assertThat(failed.get("callbackData").isNull()).isTrue();
    }

    @Test
    void theSignatureVerifiesWithTheSecretFromTheApiAndNotWithAnother() {
        ApiClient api = newAccount();
        String path = path();
        send(api, receiver.url(path), "sig", "79001234561");
        awaitCallbacks(path, 3);
        String secret = api.get("/api/v1/callbacks/secret").json().get("secret").asString();

        for (CallbackReceiver.Received callback : receiver.at(path)) {
            String header = callback.header("X-Herald-Signature");
            assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
            Map<String, String> parts = parse(header);
            long t = Long.parseLong(parts.get("t"));
            assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(60);
            // The recipe of docs/api.md, written out with the JDK alone.
            assertThat(hmacHex(secret, t + "." + callback.body())).isEqualTo(parts.get("v1"));
            assertThat(hmacHex(secret + "x", t + "." + callback.body())).isNotEqualTo(parts.get("v1"));
            assertThat(CallbackSignature.verify(secret, header, callback.body(), Instant.now(), Duration.ofMinutes(5)))
                    .isTrue();
            assertThat(CallbackSignature.verify("hcs_wrong", header, callback.body(), Instant.now(), Duration.ofMinutes(5)))
                    .isFalse();
            assertThat(callback.header("Content-Type")).startsWith("application/json");
            assertThat(callback.header("X-Herald-Callback-Id")).matches("\\d+");
        }
    }

    @Test
    void aReceiverFailingTwiceGetsTheCallbackRetriedUntilItAnswers2xx() {
        ApiClient api = newAccount();
        String path = path();
        receiver.answer(path, 500, 500);
        String id = send(api, receiver.url(path), "retry", "79001234561").get("id").asString();

        List<JsonNode> requests = awaitCallbacks(path, 5);

        assertThat(requests).extracting(c -> c.get("newStatus").asString())
                .containsExactly("PENDING", "PENDING", "PENDING", "SENT", "DELIVERED");
        eventually().until(() -> statuses(api, id).equals(List.of("DELIVERED", "DELIVERED", "DELIVERED")));
        JsonNode first = deliveries(api, id).get("items").get(0);
        assertThat(first.get("attempts").asInt()).isEqualTo(3);
        assertThat(first.get("lastError").asString()).isEqualTo("HTTP 500");
        assertThat(anonymous().get("/actuator/prometheus").text()).contains(
                "herald_callbacks_failed_total{outcome=\"retry\"", "herald_callbacks_delivered_total",
                "herald_callbacks_outbox_depth");
    }

    @Test
    void aCallbackIsGivenUpWhenItsRetryTimeIsOverAndTheNextOneGoesOn() {
        ApiClient api = newAccount();
        String path = path();
        receiver.answerAlways(path, 503);
        String id = send(api, receiver.url(path), null, "79001234561").get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        eventually().until(() -> deliveries(api, id).get("items").get(0).get("attempts").asInt() >= 2);
        assertThat(statuses(api, id)).containsExactly("PENDING", "PENDING", "PENDING");
        assertThat(deliveries(api, id).get("items").get(1).get("nextAttemptAt").isNull())
                .as("waits for the callback before it").isTrue();

        // As if herald.callbacks.retry-for had passed since the status changes.
        jdbc.sql("UPDATE callback_outbox SET give_up_at = now() WHERE message_id = ?::uuid").param(id).update();

        eventually().until(() -> statuses(api, id).equals(List.of("GIVEN_UP", "GIVEN_UP", "GIVEN_UP")));
        for (JsonNode delivery : deliveries(api, id).get("items")) {
            assertThat(delivery.get("lastError").asString()).isEqualTo("HTTP 503");
            assertThat(delivery.get("givenUpAt").isNull()).isFalse();
            assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();
        }
        List<String> received = receiver.at(path).stream().map(r -> r.json().get("newStatus").asString()).toList();
        assertThat(received.subList(received.size() - 2, received.size())).containsExactly("SENT", "DELIVERED");
        assertThat(received.subList(0, received.size() - 2)).hasSizeGreaterThanOrEqualTo(3).containsOnly("PENDING");
    }

    @Test
    void callbacksOfOneMessageStayInOrderWhenTheReceiverIsSlow() {
        ApiClient api = newAccount();
        String path = path();
        receiver.slow(path, Duration.ofMillis(300));
        JsonNode items = api.post("/api/v1/messages", "{\"messages\":[{\"channels\":{\"sms\":{\"text\":\"hi\"}},"
                + "\"callbackUrl\":\"" + receiver.url(path) + "\",\"destinations\":[{\"phone\":\"79001230001\"},"
                + "{\"phone\":\"79001230002\"},{\"phone\":\"79001230003\"},{\"phone\":\"79001230000\"}]}]}").json();

        List<JsonNode> callbacks = awaitCallbacks(path, 12);

        Map<String, List<String>> byMessage = callbacks.stream().collect(Collectors.groupingBy(
                c -> c.get("id").asString(), Collectors.mapping(c -> c.get("newStatus").asString(), Collectors.toList())));
        assertThat(byMessage).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(byMessage.get(items.get(i).get("id").asString())).containsExactly("PENDING", "SENT", "DELIVERED");
        }
        assertThat(byMessage.get(items.get(3).get("id").asString())).containsExactly("PENDING", "SENT", "UNDELIVERED");
        assertThat(receiver.mostCallbacksOfOneMessageAtOnce()).isEqualTo(1);
        for (JsonNode item : items) {
            eventually().until(() -> statuses(api, item.get("id").asString()).equals(
                    List.of("DELIVERED", "DELIVERED", "DELIVERED")));
        }
        assertThat(receiver.at(path)).as("no callback sent twice").hasSize(12);
    }

    @Test
    void aSlowReceiverDoesNotHoldBackTheCallbacksOfAnotherClaimedWithIt() {
        ApiClient api = newAccount();
        String slow = path();
        String fast = path();
        receiver.slow(slow, Duration.ofSeconds(3));
        send(api, receiver.url(slow), null, "79001234561");
        send(api, receiver.url(fast), null, "79001234562");

        // The fast message's three callbacks go one after the other while the slow one's first is still open.
        List<JsonNode> fastOnes = awaitCallbacks(fast, 3);

        assertThat(fastOnes).extracting(c -> c.get("newStatus").asString()).containsExactly("PENDING", "SENT", "DELIVERED");
        assertThat(receiver.at(slow)).as("the slow receiver has not answered its first yet").hasSizeLessThanOrEqualTo(1);
        List<JsonNode> slowOnes = awaitCallbacks(slow, 3);
        assertThat(slowOnes).extracting(c -> c.get("newStatus").asString()).containsExactly("PENDING", "SENT", "DELIVERED");
    }

    @Test
    void aGroupWithoutCallbackUrlGetsNoCallbacks() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"}}", "[{\"phone\":\"79001234561\"}]"))
                .json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");

        assertThat(deliveries(api, id).get("count").asInt()).isZero();
    }

    @Test
    void deliveriesAreListedOnlyToTheMessagesAccount() {
        ApiClient owner = newAccount();
        String path = path();
        String id = send(owner, receiver.url(path), null, "79001234561").get("id").asString();
        awaitCallbacks(path, 3);

        assertThat(deliveries(owner, id).get("count").asInt()).isEqualTo(3);
        JsonNode other = deliveries(newAccount(), id);
        assertThat(other.get("count").asInt()).isZero();
        assertThat(other.get("items").isEmpty()).isTrue();
        ApiClient.Response missing = owner.get("/api/v1/callbacks");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("messageId");
        assertThat(owner.get("/api/v1/callbacks?messageId=nope").status()).isEqualTo(400);
        assertThat(anonymous().get("/api/v1/callbacks?messageId=" + id).status()).isEqualTo(401);
    }

    @Test
    void finishedCallbacksAreDeletedAfterTheirRetentionAndPendingOnesAreKept() {
        ApiClient api = newAccount();
        String path = path();
        String id = send(api, receiver.url(path), null, "79001234571").get("id").asString();
        awaitCallbacks(path, 3);
        eventually().until(() -> deliveries(api, id).get("count").asInt() == 3);
        // Nothing listens on port 1: its callbacks stay PENDING, retried.
        String unreachable = send(api, "http://127.0.0.1:1/callbacks", null, "79001234572").get("id").asString();
        eventually().until(() -> deliveries(api, unreachable).get("count").asInt() >= 1);

        assertThat(retention.purgeFinishedBefore(Instant.now().minusSeconds(3600))).as("nothing that old").isZero();
        assertThat(deliveries(api, id).get("count").asInt()).isEqualTo(3);

        assertThat(retention.purgeFinishedBefore(Instant.now().plusSeconds(1))).isGreaterThanOrEqualTo(3);
        assertThat(deliveries(api, id).get("count").asInt()).isZero();
        assertThat(deliveries(api, unreachable).get("count").asInt()).as("pending callbacks stay").isPositive();
    }

    private static JsonNode send(ApiClient api, String callbackUrl, String callbackData, String phone) {
        ApiClient.Response response = api.post("/api/v1/messages", "{\"messages\":[{\"channels\":{\"sms\":{\"text\":\"hi\"}},"
                + "\"callbackUrl\":\"" + callbackUrl + "\","
                + (callbackData == null ? "" : "\"callbackData\":\"" + callbackData + "\",")
                + "\"destinations\":[{\"phone\":\"" + phone + "\"}]}]}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0);
    }

    private static List<JsonNode> awaitCallbacks(String path, int count) {
        eventually().until(() -> receiver.at(path).size() >= count);
        return receiver.at(path).stream().map(CallbackReceiver.Received::json).toList();
    }

    private static JsonNode deliveries(ApiClient api, String messageId) {
        ApiClient.Response response = api.get("/api/v1/callbacks?messageId=" + messageId);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static List<String> statuses(ApiClient api, String messageId) {
        return StreamSupport.stream(deliveries(api, messageId).get("items").spliterator(), false)
                .map(d -> d.get("status").asString())
                .toList();
    }

    private static String path() {
        return "/hooks/" + UUID.randomUUID();
    }

    private static Map<String, String> parse(String header) {
        return java.util.Arrays.stream(header.split(","))
                .map(part -> part.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    private static String hmacHex(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
