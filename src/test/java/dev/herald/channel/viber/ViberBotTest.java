package dev.herald.channel.viber;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.Channel;
import dev.herald.channel.InboundMessage;
import dev.herald.channel.PublishedEvents;
import dev.herald.channel.RecipientBlockedEvent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Viber bot provider against a WireMock Viber REST bot API, and Viber's signed callbacks posted to Herald. */
class ViberBotTest extends HeraldTest {

    private static final WireMockServer VIBER = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static PublishedEvents<InboundMessage> inbound;
    private static PublishedEvents<RecipientBlockedEvent> blocked;

    static {
        VIBER.start();
        Runtime.getRuntime().addShutdownHook(new Thread(VIBER::stop));
    }

    @Autowired
    ConfigurableApplicationContext context;

    @BeforeEach
    void listen() {
        synchronized (ViberBotTest.class) {
            if (inbound == null) {
                inbound = PublishedEvents.listen(context, InboundMessage.class);
                blocked = PublishedEvents.listen(context, RecipientBlockedEvent.class);
            }
        }
    }

    /** A connection of the test's account; each has its own path on the fake Viber and its own token. */
    record Connection(String id, String name, String token, String path) {}

    @Test
    void aTextIsSentAndDeliveredAndSeenCallbacksMoveItOn() {
        ApiClient api = newAccount();
        Connection bot = connect(api);
        String user = nextUser();
        VIBER.stubFor(post(urlEqualTo(bot.path() + "/send_message")).withRequestBody(matchingJsonPath("$.receiver", equalTo(user)))
                .willReturn(okJson("{\"status\":0,\"status_message\":\"ok\",\"message_token\":5741311803571721087,"
                        + "\"chat_hostname\":\"SN-CHAT-05_\",\"billing_status\":1}")));

        String id = send(api, "{\"viber\":{\"text\":\"Your order has shipped\",\"provider\":\"" + bot.name() + "\"}}",
                user).get("id").asString();
        JsonNode sent = awaitStatus(api, id, "SENT");

        assertThat(sent.get("providerMessageId").asString()).isEqualTo("5741311803571721087");
        LoggedRequest request = requestsTo(bot, user).getFirst();
        assertThat(request.getHeader("X-Viber-Auth-Token")).isEqualTo(bot.token());
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertThat(body.get("type").asString()).isEqualTo("text");
        assertThat(body.get("text").asString()).isEqualTo("Your order has shipped");
        assertThat(body.get("tracking_data").asString()).isEqualTo(id);
        assertThat(body.get("min_api_version").asInt()).isEqualTo(1);
        assertThat(body.get("sender").get("name").asString()).isEqualTo("Acme");
        assertThat(body.get("sender").get("avatar").asString()).isEqualTo("https://acme.test/avatar.jpg");

        String delivered = "{\"event\":\"delivered\",\"timestamp\":1457764197627,\"chat_hostname\":\"SN-CHAT-05_\","
                + "\"message_token\":5741311803571721087,\"user_id\":\"" + user + "\"}";
        assertThat(callback(bot, delivered).status()).isEqualTo(200);
        assertThat(callback(bot, delivered).status()).isEqualTo(200);
        awaitStatus(api, id, "DELIVERED");
        assertThat(callback(bot, "{\"event\":\"seen\",\"timestamp\":1457764197628,\"message_token\":5741311803571721087,"
                + "\"user_id\":\"" + user + "\"}").status()).isEqualTo(200);
        assertThat(awaitStatus(api, id, "READ").get("history").findValuesAsString("status"))
                .containsExactly("CREATED", "PENDING", "SENT", "DELIVERED", "READ");
    }

    @Test
    void aUserWhoIsNotSubscribedFailsTheMessageAsBlockedAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        Connection bot = connect(api);
        String user = nextUser();
        VIBER.stubFor(post(urlEqualTo(bot.path() + "/send_message")).withRequestBody(matchingJsonPath("$.receiver", equalTo(user)))
                .willReturn(okJson("{\"status\":6,\"status_message\":\"notSubscribed\"}")));

        JsonNode item = api.post("/api/v1/messages", group("{\"viber\":{\"text\":\"t\",\"provider\":\"" + bot.name()
                + "\"},\"sms\":{\"text\":\"t\"}}", "[{\"messengerUserId\":\"" + user + "\",\"phone\":\"74992868344\"}]"))
                .json().get(0);
        JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");

        assertThat(failed.get("error").get("code").asString()).isEqualTo("BLOCKED");
        assertThat(failed.get("error").get("message").asString()).contains("notSubscribed");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
        eventually().until(() -> !blocked.matching(e -> e.address().equals(user)).isEmpty());
        RecipientBlockedEvent event = blocked.matching(e -> e.address().equals(user)).getFirst();
        assertThat(event.channel()).isEqualTo(Channel.VIBER);
        assertThat(event.provider()).isEqualTo("conn:" + bot.id());
    }

    @Test
    void tooManyRequestsIsRetriedAndOtherStatusesFailAtOnce() {
        ApiClient api = newAccount();
        Connection bot = connect(api);
        String busy = nextUser();
        VIBER.stubFor(post(urlEqualTo(bot.path() + "/send_message")).withRequestBody(matchingJsonPath("$.receiver", equalTo(busy)))
                .inScenario("busy-" + busy).whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"status\":12,\"status_message\":\"tooManyRequests\"}")).willSetStateTo("calm"));
        VIBER.stubFor(post(urlEqualTo(bot.path() + "/send_message")).withRequestBody(matchingJsonPath("$.receiver", equalTo(busy)))
                .inScenario("busy-" + busy).whenScenarioStateIs("calm")
                .willReturn(okJson("{\"status\":0,\"status_message\":\"ok\",\"message_token\":42}")));
        String bad = nextUser();
        VIBER.stubFor(post(urlEqualTo(bot.path() + "/send_message")).withRequestBody(matchingJsonPath("$.receiver", equalTo(bad)))
                .willReturn(okJson("{\"status\":3,\"status_message\":\"badData\"}")));

        String retried = send(api, "{\"viber\":{\"text\":\"t\",\"provider\":\"" + bot.name() + "\"}}", busy).get("id").asString();
        String refused = send(api, "{\"viber\":{\"text\":\"t\",\"provider\":\"" + bot.name() + "\"}}", bad).get("id").asString();

        JsonNode sent = awaitStatus(api, retried, "SENT");
        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
        assertThat(sent.get("providerMessageId").asString()).isEqualTo("42");
        assertThat(requestsTo(bot, busy)).hasSize(2);
        JsonNode failed = awaitStatus(api, refused, "FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("VIBER_3");
        assertThat(failed.get("error").get("message").asString()).contains("badData");
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aPhoneNumberIsNotAViberUserIdAndIsNotSentToViber() {
        ApiClient api = newAccount();
        Connection bot = connect(api);

        String id = api.post("/api/v1/messages", group("{\"viber\":{\"text\":\"t\",\"provider\":\"" + bot.name() + "\"}}",
                "[{\"phone\":\"+7 499 286-83-44\"}]")).json().get(0).get("id").asString();

        assertThat(awaitStatus(api, id, "FAILED").get("error").get("code").asString()).isEqualTo("VIBER_USER_ID_REQUIRED");
        assertThat(VIBER.findAll(postRequestedFor(urlEqualTo(bot.path() + "/send_message")))).isEmpty();
    }

    @Test
    void callbacksMustCarryTheBotTokensSignatureAndAFailedEventMakesTheMessageUndelivered() {
        ApiClient api = newAccount();
        Connection bot = connect(api);
        String user = nextUser();
        VIBER.stubFor(post(urlEqualTo(bot.path() + "/send_message")).withRequestBody(matchingJsonPath("$.receiver", equalTo(user)))
                .willReturn(okJson("{\"status\":0,\"status_message\":\"ok\",\"message_token\":777001}")));
        String id = send(api, "{\"viber\":{\"text\":\"t\",\"provider\":\"" + bot.name() + "\"}}", user).get("id").asString();
        awaitStatus(api, id, "SENT");
        String failed = "{\"event\":\"failed\",\"timestamp\":1457764197627,\"message_token\":777001,\"user_id\":\""
                + user + "\",\"desc\":\"failure description\"}";
        String path = "/webhooks/viber-bot/" + bot.id();

        assertThat(anonymous().post(path, failed).status()).isEqualTo(401);
        assertThat(anonymous().post(path, failed, "X-Viber-Content-Signature", hmac("another-token", failed)).status())
                .isEqualTo(401);
        assertThat(anonymous().post(path, failed, "X-Viber-Content-Signature", "not hex").status()).isEqualTo(401);
        assertThat(anonymous().post("/webhooks/viber-bot/" + UUID.randomUUID(), failed,
                "X-Viber-Content-Signature", hmac(bot.token(), failed)).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString()).isEqualTo("SENT");

        assertThat(anonymous().post(path, failed, "X-Viber-Content-Signature", hmac(bot.token(), failed).toUpperCase())
                .status()).isEqualTo(200);
        JsonNode undelivered = awaitStatus(api, id, "UNDELIVERED");
        assertThat(undelivered.get("error").get("code").asString()).isEqualTo("VIBER_FAILED");
        assertThat(undelivered.get("error").get("message").asString()).isEqualTo("failure description");
        assertThat(callback(bot, "{\"event\":\"webhook\",\"timestamp\":1457764197627,\"message_token\":241256543215}")
                .status()).isEqualTo(200);
        assertThat(callback(bot, "not json").status()).isEqualTo(400);
    }

    @Test
    void aUsersMessageIsPublishedAndUnsubscribingCountsAsBlockingTheBot() {
        ApiClient api = newAccount();
        Connection bot = connect(api);
        String user = nextUser();
        long now = Instant.now().toEpochMilli();

        assertThat(callback(bot, "{\"event\":\"message\",\"timestamp\":" + now + ",\"message_token\":4912661846655238145,"
                + "\"sender\":{\"id\":\"" + user + "\",\"name\":\"John McClane\",\"language\":\"en\",\"country\":\"UK\","
                + "\"api_version\":1},\"message\":{\"type\":\"text\",\"text\":\"a message to the bot\","
                + "\"tracking_data\":\"tracking data\"}}").status()).isEqualTo(200);
        assertThat(blocked.matching(e -> e.address().equals(user))).isEmpty();
        assertThat(callback(bot, "{\"event\":\"unsubscribed\",\"timestamp\":" + now + ",\"user_id\":\"" + user
                + "\",\"message_token\":4912661846655238145}").status()).isEqualTo(200);

        InboundMessage message = inbound.matching(m -> m.from().equals(user)).getFirst();
        assertThat(message.channel()).isEqualTo(Channel.VIBER);
        assertThat(message.provider()).isEqualTo("conn:" + bot.id());
        assertThat(message.fromName()).isEqualTo("John McClane");
        assertThat(message.text()).isEqualTo("a message to the bot");
        assertThat(message.providerId()).isEqualTo("4912661846655238145");
        assertThat(message.at()).isEqualTo(Instant.ofEpochMilli(now));
        RecipientBlockedEvent event = blocked.matching(e -> e.address().equals(user)).getFirst();
        assertThat(event.provider()).isEqualTo("conn:" + bot.id());
        assertThat(event.channel()).isEqualTo(Channel.VIBER);
        assertThat(event.accountId()).isEqualTo(message.accountId());
    }

    @Test
    void testingReadsTheBotAccountAndRegistersTheWebhookWhenHeraldsAddressIsSet() {
        ApiClient api = newAccount();
        Connection bot = connect(api);
        VIBER.stubFor(post(urlEqualTo(bot.path() + "/get_account_info")).willReturn(okJson(
                "{\"status\":0,\"status_message\":\"ok\",\"id\":\"pa:75346594275468546724\",\"name\":\"Acme Bot\","
                        + "\"uri\":\"acmebot\",\"webhook\":\"\",\"subscribers_count\":35}")));
        VIBER.stubFor(post(urlEqualTo(bot.path() + "/set_webhook")).willReturn(okJson(
                "{\"status\":0,\"status_message\":\"ok\",\"event_types\":[\"delivered\",\"seen\",\"failed\"]}")));

        JsonNode noAddress = api.post("/api/v1/providers/" + bot.id() + "/test", "").json();
        assertThat(noAddress.get("ok").asBoolean()).isTrue();
        assertThat(noAddress.get("detail").asString()).contains("Acme Bot").contains("no webhook");
        assertThat(VIBER.findAll(postRequestedFor(urlEqualTo(bot.path() + "/set_webhook")))).isEmpty();

        assertThat(api.patch("/api/v1/providers/" + bot.id(),
                "{\"settings\":{\"publicAddress\":\"https://herald.example.com/\"}}").status()).isEqualTo(200);
        JsonNode registered = api.post("/api/v1/providers/" + bot.id() + "/test", "").json();

        String url = "https://herald.example.com/webhooks/viber-bot/" + bot.id();
        assertThat(registered.get("ok").asBoolean()).as(registered.toString()).isTrue();
        assertThat(registered.get("detail").asString()).contains(url);
        LoggedRequest setWebhook = VIBER.findAll(postRequestedFor(urlEqualTo(bot.path() + "/set_webhook"))).getFirst();
        assertThat(setWebhook.getHeader("X-Viber-Auth-Token")).isEqualTo(bot.token());
        JsonNode body = JSON.readTree(setWebhook.getBodyAsString());
        assertThat(body.get("url").asString()).isEqualTo(url);
        assertThat(body.get("event_types").toString()).contains("delivered").contains("seen").contains("failed");

        Connection tested = nextBot();
        VIBER.stubFor(post(urlEqualTo(tested.path() + "/get_account_info")).willReturn(okJson(
                "{\"status\":0,\"status_message\":\"ok\",\"name\":\"Other Bot\",\"uri\":\"otherbot\"}")));
        VIBER.stubFor(post(urlEqualTo(tested.path() + "/set_webhook")).willReturn(okJson("{\"status\":0}")));
        tested = connect(api, tested, "?test=true", Map.of("publicAddress", "https://herald.example.com"));
        assertThat(VIBER.findAll(postRequestedFor(urlEqualTo(tested.path() + "/get_account_info")))).hasSize(1);
        assertThat(VIBER.findAll(postRequestedFor(urlEqualTo(tested.path() + "/set_webhook"))))
                .as("Viber would call a connection not saved yet").isEmpty();
        assertThat(api.post("/api/v1/providers/" + tested.id() + "/test", "").json().get("detail").asString())
                .contains("/webhooks/viber-bot/" + tested.id() + " registered");

        VIBER.stubFor(post(urlEqualTo(bot.path() + "/get_account_info")).willReturn(okJson(
                "{\"status\":2,\"status_message\":\"invalidAuthToken\"}")));
        JsonNode refused = api.post("/api/v1/providers/" + bot.id() + "/test", "").json();
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("detail").asString()).contains("invalidAuthToken");
    }

    @Test
    void savingChecksTheSettings() {
        ApiClient api = newAccount();
        ApiClient.Response bad = api.post("/api/v1/providers", ApiClient.json(Map.of("name", "viber", "type", "viber-bot",
                "channel", "viber", "settings", Map.of("authToken", "t", "senderName", "A sender name far longer than 28 characters",
                        "senderAvatar", "ftp://x", "publicAddress", "http://herald.example.com"))));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("settings.senderName").contains("settings.senderAvatar")
                .contains("settings.publicAddress");
    }

    private Connection connect(ApiClient api) {
        return connect(api, nextBot(), "", Map.of());
    }

    private static Connection nextBot() {
        int n = COUNTER.incrementAndGet();
        return new Connection(null, "viber-" + n, "4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c5" + n, "/bot" + n + "/pa");
    }

    private Connection connect(ApiClient api, Connection bot, String query, Map<String, String> moreSettings) {
        Map<String, String> settings = new HashMap<>(Map.of("baseUrl", VIBER.baseUrl() + bot.path(),
                "authToken", bot.token(), "senderName", "Acme", "senderAvatar", "https://acme.test/avatar.jpg"));
        settings.putAll(moreSettings);
        ApiClient.Response created = api.post("/api/v1/providers" + query, ApiClient.json(Map.of("name", bot.name(),
                "type", "viber-bot", "channel", "viber", "settings", settings)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Connection(created.json().get("id").asString(), bot.name(), bot.token(), bot.path());
    }

    private ApiClient.Response callback(Connection bot, String body) {
        return anonymous().post("/webhooks/viber-bot/" + bot.id(), body, "X-Viber-Content-Signature",
                hmac(bot.token(), body));
    }

    private static JsonNode send(ApiClient api, String channels, String user) {
        ApiClient.Response response = api.post("/api/v1/messages", group(channels, "[{\"messengerUserId\":\"" + user + "\"}]"));
        assertThat(response.status()).as(response.text()).isBetween(200, 299);
        return response.json().get(0);
    }

    private static List<LoggedRequest> requestsTo(Connection bot, String user) {
        return VIBER.findAll(postRequestedFor(urlEqualTo(bot.path() + "/send_message"))
                .withRequestBody(matchingJsonPath("$.receiver", equalTo(user))));
    }

    /** Viber user ids are base64 of 16 bytes. */
    private static String nextUser() {
        byte[] id = UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII);
        return Base64.getEncoder().encodeToString(id);
    }

    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
