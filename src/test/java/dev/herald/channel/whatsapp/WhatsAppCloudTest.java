package dev.herald.channel.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.InboundMessage;
import dev.herald.channel.PublishedEvents;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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

/**
 * The WhatsApp Cloud API provider against a WireMock Graph API, and Meta's webhooks posted to Herald: the 24-hour
 * window, templates, error mapping, signed statuses and user messages.
 */
class WhatsAppCloudTest extends HeraldTest {

    private static final WireMockServer META = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String APP_SECRET = "meta-app-secret";
    private static final String VERIFY_TOKEN = "verify-me-please";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static PublishedEvents<InboundMessage> inbound;

    static {
        META.start();
        Runtime.getRuntime().addShutdownHook(new Thread(META::stop));
    }

    @Autowired
    ConfigurableApplicationContext context;

    @BeforeEach
    void listen() {
        synchronized (WhatsAppCloudTest.class) {
            if (inbound == null) {
                inbound = PublishedEvents.listen(context, InboundMessage.class);
            }
        }
    }

    /** A connection of the test's account; {@code phoneNumberId} keeps its stubs apart from other tests'. */
    record Connection(String id, String name, String phoneNumberId) {

        String messagesPath() {
            return "/v21.0/" + phoneNumberId + "/messages";
        }
    }

    @Test
    void textToAUserWhoWroteWithin24HoursIsSentAsText() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String user = nextUser();
        stubAccept(wa, user);
        assertThat(webhook(wa, notification(wa, userText(user, "Ann", Instant.now().minusSeconds(3600), "hi"))).status())
                .isEqualTo(200);

        String id = send(api, "{\"whatsapp\":{\"text\":\"Your order has shipped\",\"provider\":\"" + wa.name() + "\"}}",
                "{\"phone\":\"+" + user + "\"}").get("id").asString();
        JsonNode sent = awaitStatus(api, id, "SENT");

        assertThat(sent.get("providerMessageId").asString()).isEqualTo("wamid." + user);
        LoggedRequest request = requestsTo(wa, user).getFirst();
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer token-" + wa.phoneNumberId());
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertThat(body.get("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(body.get("to").asString()).isEqualTo(user);
        assertThat(body.get("type").asString()).isEqualTo("text");
        assertThat(body.get("text").get("body").asString()).isEqualTo("Your order has shipped");
        assertThat(body.get("biz_opaque_callback_data").asString()).isEqualTo(id);
    }

    @Test
    void freeTextOutsideTheWindowFailsOverToTheNextChannelWithoutCallingWhatsApp() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String wroteLongAgo = nextUser();
        String neverWrote = nextUser();
        stubAccept(wa, wroteLongAgo);
        stubAccept(wa, neverWrote);
        webhook(wa, notification(wa, userText(wroteLongAgo, "Bob", Instant.now().minus(Duration.ofHours(25)), "old")));

        for (String user : List.of(wroteLongAgo, neverWrote)) {
            JsonNode item = send(api, "{\"whatsapp\":{\"text\":\"Free text\",\"provider\":\"" + wa.name() + "\"},"
                    + "\"sms\":{\"text\":\"Free text\"}}", "{\"phone\":\"" + user + "\"}");
            JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");

            assertThat(failed.get("error").get("code").asString()).isEqualTo("OUTSIDE_24H_WINDOW");
            assertThat(failed.get("error").get("message").asString()).contains("24 hours").contains("templateName");
            eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                    + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
            assertThat(requestsTo(wa, user)).as("no call to WhatsApp").isEmpty();
        }
    }

    @Test
    void outsideTheWindowTheTemplateIsSentWithItsComponents() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String positional = nextUser();
        String named = nextUser();
        String given = nextUser();
        stubAccept(wa, positional);
        stubAccept(wa, named);
        stubAccept(wa, given);

        String first = send(api, "{\"whatsapp\":{\"text\":\"Order 1234 shipped\",\"templateName\":\"order_shipped\","
                + "\"language\":\"ru\",\"templateData\":[\"Анна\",1234],\"provider\":\"" + wa.name() + "\"}}",
                "{\"phone\":\"" + positional + "\"}").get("id").asString();
        String second = send(api, "{\"whatsapp\":{\"templateName\":\"greeting\",\"templateData\":{\"name\":\"Ann\"},"
                + "\"provider\":\"" + wa.name() + "\"}}", "{\"messengerUserId\":\"" + named + "\"}").get("id").asString();
        String third = send(api, "{\"whatsapp\":{\"templateName\":\"promo\",\"templateData\":{\"components\":["
                + "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://x.test/a.png\"}}]}]},"
                + "\"provider\":\"" + wa.name() + "\"}}", "{\"phone\":\"" + given + "\"}").get("id").asString();
        awaitStatus(api, first, "SENT");
        awaitStatus(api, second, "SENT");
        awaitStatus(api, third, "SENT");

        JsonNode template = JSON.readTree(requestsTo(wa, positional).getFirst().getBodyAsString());
        assertThat(template.get("type").asString()).isEqualTo("template");
        assertThat(template.has("text")).as("the text is not sent outside the window").isFalse();
        assertThat(template.at("/template/name").asString()).isEqualTo("order_shipped");
        assertThat(template.at("/template/language/code").asString()).isEqualTo("ru");
        assertThat(template.at("/template/components/0/type").asString()).isEqualTo("body");
        assertThat(template.at("/template/components/0/parameters").toString())
                .isEqualTo("[{\"type\":\"text\",\"text\":\"Анна\"},{\"type\":\"text\",\"text\":\"1234\"}]");

        JsonNode withNames = JSON.readTree(requestsTo(wa, named).getFirst().getBodyAsString());
        assertThat(withNames.at("/template/language/code").asString()).as("the connection's default").isEqualTo("en_US");
        assertThat(withNames.at("/template/components/0/parameters/0").toString())
                .isEqualTo("{\"type\":\"text\",\"text\":\"Ann\",\"parameter_name\":\"name\"}");

        JsonNode asGiven = JSON.readTree(requestsTo(wa, given).getFirst().getBodyAsString());
        assertThat(asGiven.at("/template/components/0/type").asString()).isEqualTo("header");
        assertThat(asGiven.at("/template/components/0/parameters/0/image/link").asString()).isEqualTo("https://x.test/a.png");
    }

    @Test
    void templateDataThatCannotBeParametersFailsWithoutCallingWhatsApp() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String user = nextUser();
        stubAccept(wa, user);

        String id = send(api, "{\"whatsapp\":{\"templateName\":\"t\",\"templateData\":[[\"nested\"]],\"provider\":\""
                + wa.name() + "\"}}", "{\"phone\":\"" + user + "\"}").get("id").asString();

        assertThat(awaitStatus(api, id, "FAILED").get("error").get("code").asString()).isEqualTo("INVALID_TEMPLATE_DATA");
        assertThat(requestsTo(wa, user)).isEmpty();
        assertThat(api.post("/api/v1/messages", group("{\"whatsapp\":{\"templateName\":\"t\",\"language\":\"english\"}}",
                "[{\"phone\":\"" + user + "\"}]")).json().toString()).contains("language");
    }

    @Test
    void deliveredAndReadStatusesAreAppliedOnceEachAndSentIsIgnored() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String user = nextUser();
        stubAccept(wa, user);
        webhook(wa, notification(wa, userText(user, "Ann", Instant.now(), "hi")));
        String id = send(api, "{\"whatsapp\":{\"text\":\"t\",\"provider\":\"" + wa.name() + "\"}}",
                "{\"phone\":\"" + user + "\"}").get("id").asString();
        awaitStatus(api, id, "SENT");
        String wamid = "wamid." + user;

        assertThat(webhook(wa, notification(wa, statuses(status(wamid, user, "sent", null)))).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString()).isEqualTo("SENT");
        String delivered = notification(wa, statuses(status(wamid, user, "delivered", null)));
        assertThat(webhook(wa, delivered).status()).isEqualTo(200);
        assertThat(webhook(wa, delivered).status()).isEqualTo(200);
        awaitStatus(api, id, "DELIVERED");
        assertThat(webhook(wa, notification(wa, statuses(status(wamid, user, "read", null)))).status()).isEqualTo(200);

        JsonNode read = awaitStatus(api, id, "READ");
        assertThat(read.get("history").findValuesAsString("status"))
                .containsExactly("CREATED", "PENDING", "SENT", "DELIVERED", "READ");
    }

    @Test
    void aFailedStatusMakesTheMessageUndeliveredWithMetasCodeAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String user = nextUser();
        stubAccept(wa, user);
        JsonNode item = send(api, "{\"whatsapp\":{\"templateName\":\"t\",\"provider\":\"" + wa.name() + "\"},"
                + "\"sms\":{\"text\":\"fallback\"}}", "{\"phone\":\"" + user + "\"}");
        String id = item.get("id").asString();
        awaitStatus(api, id, "SENT");

        webhook(wa, notification(wa, statuses(status("wamid." + user, user, "failed", Map.of("code", 131026,
                "title", "Message undeliverable", "error_data", Map.of("details", "Recipient is not on WhatsApp"))))));

        JsonNode undelivered = awaitStatus(api, id, "UNDELIVERED");
        assertThat(undelivered.get("error").get("code").asString()).isEqualTo("WHATSAPP_131026");
        assertThat(undelivered.get("error").get("message").asString())
                .isEqualTo("Message undeliverable: Recipient is not on WhatsApp");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
    }

    @Test
    void aWebhookWithoutTheAppSecretsSignatureIsRefusedAndChangesNothing() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String user = nextUser();
        stubAccept(wa, user);
        String id = send(api, "{\"whatsapp\":{\"templateName\":\"t\",\"provider\":\"" + wa.name() + "\"}}",
                "{\"phone\":\"" + user + "\"}").get("id").asString();
        awaitStatus(api, id, "SENT");
        String delivered = notification(wa, statuses(status("wamid." + user, user, "delivered", null)));
        String userWrote = notification(wa, userText(user, "Mallory", Instant.now(), "let me in"));
        String path = "/webhooks/whatsapp-cloud/" + wa.id();

        assertThat(anonymous().post(path, delivered).status()).isEqualTo(401);
        assertThat(anonymous().post(path, delivered, "X-Hub-Signature-256", "sha256=" + hmac("wrong secret", delivered))
                .status()).isEqualTo(401);
        assertThat(anonymous().post(path, delivered, "X-Hub-Signature-256", hmac(APP_SECRET, delivered)).status())
                .as("without the sha256= prefix").isEqualTo(401);
        assertThat(anonymous().post(path, userWrote, "X-Hub-Signature-256", "sha256=" + hmac(APP_SECRET, delivered))
                .status()).as("another body's signature").isEqualTo(401);
        assertThat(anonymous().post("/webhooks/whatsapp-cloud/" + UUID.randomUUID(), delivered,
                "X-Hub-Signature-256", "sha256=" + hmac(APP_SECRET, delivered)).status()).isEqualTo(404);
        assertThat(anonymous().post("/webhooks/whatsapp-cloud/not-a-uuid", delivered).status()).isEqualTo(404);

        assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString()).isEqualTo("SENT");
        assertThat(inbound.matching(m -> m.from().equals(user))).isEmpty();
        String text = send(api, "{\"whatsapp\":{\"text\":\"t\",\"provider\":\"" + wa.name() + "\"}}",
                "{\"phone\":\"" + user + "\"}").get("id").asString();
        assertThat(awaitStatus(api, text, "FAILED").get("error").get("code").asString())
                .as("a forged message opens no window").isEqualTo("OUTSIDE_24H_WINDOW");
        assertThat(webhook(wa, "not json").status()).isEqualTo(400);
    }

    @Test
    void statusesOfAnotherPhoneNumberOfTheSameAppAreLeftAlone() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String user = nextUser();
        stubAccept(wa, user);
        String id = send(api, "{\"whatsapp\":{\"templateName\":\"t\",\"provider\":\"" + wa.name() + "\"}}",
                "{\"phone\":\"" + user + "\"}").get("id").asString();
        awaitStatus(api, id, "SENT");
        Connection other = new Connection(wa.id(), wa.name(), "999" + wa.phoneNumberId());

        assertThat(webhook(wa, notification(other, statuses(status("wamid." + user, user, "delivered", null)))).status())
                .isEqualTo(200);
        webhook(wa, notification(wa, statuses(status("wamid." + user, user, "read", null))));

        assertThat(awaitStatus(api, id, "READ").get("history").findValuesAsString("status")).doesNotContain("DELIVERED");
    }

    @Test
    void userMessagesArePublishedWithTheirSenderTextAndPayload() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String user = nextUser();
        Instant at = Instant.now().minusSeconds(60);
        Map<String, Object> button = Map.of("from", user, "id", "wamid.button-" + user, "timestamp", seconds(at),
                "type", "button", "button", Map.of("text", "Yes", "payload", "CONFIRM_1234"));
        Map<String, Object> reply = Map.of("from", user, "id", "wamid.reply-" + user, "timestamp", seconds(at),
                "type", "interactive", "interactive", Map.of("type", "button_reply",
                        "button_reply", Map.of("id", "slot-2", "title", "Tuesday")));
        Map<String, Object> value = Map.of("messaging_product", "whatsapp",
                "metadata", Map.of("display_phone_number", "15550001111", "phone_number_id", wa.phoneNumberId()),
                "contacts", List.of(Map.of("profile", Map.of("name", "Ann Lee"), "wa_id", user)),
                "messages", List.of(textMessage(user, at, "Hello"), button, reply));

        assertThat(webhook(wa, notification(wa, value)).status()).isEqualTo(200);

        List<InboundMessage> heard = inbound.matching(m -> m.from().equals(user));
        assertThat(heard).hasSize(3);
        assertThat(heard).allSatisfy(m -> {
            assertThat(m.accountId().toString()).isEqualTo(accountOf(wa));
            assertThat(m.provider()).isEqualTo("conn:" + wa.id());
            assertThat(m.fromName()).isEqualTo("Ann Lee");
            assertThat(m.at()).isEqualTo(Instant.ofEpochSecond(at.getEpochSecond()));
        });
        assertThat(heard).extracting(InboundMessage::text).containsExactly("Hello", "Yes", "Tuesday");
        assertThat(heard).extracting(InboundMessage::payload).containsExactly(null, "CONFIRM_1234", "slot-2");
        assertThat(heard).extracting(InboundMessage::providerId)
                .containsExactly("wamid.in-" + user, "wamid.button-" + user, "wamid.reply-" + user);
    }

    @Test
    void metasSubscriptionHandshakeGetsTheChallengeOnlyWithTheVerifyToken() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String path = "/webhooks/whatsapp-cloud/" + wa.id() + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=";

        ApiClient.Response ok = anonymous().get(path + VERIFY_TOKEN);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text()).isEqualTo("1158201444");
        assertThat(anonymous().get(path + "guess").status()).isEqualTo(403);
        assertThat(anonymous().get("/webhooks/whatsapp-cloud/" + wa.id() + "?hub.mode=unsubscribe&hub.challenge=1"
                + "&hub.verify_token=" + VERIFY_TOKEN).status()).isEqualTo(403);
        assertThat(anonymous().get("/webhooks/whatsapp-cloud/" + UUID.randomUUID() + "?hub.mode=subscribe"
                + "&hub.challenge=1&hub.verify_token=" + VERIFY_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void throttlingAndOutagesAreRetriedAndOtherGraphErrorsFailAtOnce() {
        ApiClient api = newAccount();
        Connection wa = connect(api);
        String throttled = nextUser();
        String scenario = "throttled-" + throttled;
        META.stubFor(post(urlEqualTo(wa.messagesPath())).withRequestBody(matchingJsonPath("$.to", equalTo(throttled)))
                .inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(graphError(400, 130429, "Rate limit hit")).willSetStateTo("outage"));
        META.stubFor(post(urlEqualTo(wa.messagesPath())).withRequestBody(matchingJsonPath("$.to", equalTo(throttled)))
                .inScenario(scenario).whenScenarioStateIs("outage")
                .willReturn(aResponse().withStatus(503).withBody("upstream down")).willSetStateTo("up"));
        META.stubFor(post(urlEqualTo(wa.messagesPath())).withRequestBody(matchingJsonPath("$.to", equalTo(throttled)))
                .inScenario(scenario).whenScenarioStateIs("up").willReturn(accepted(throttled)));

        String retried = send(api, "{\"whatsapp\":{\"templateName\":\"t\",\"provider\":\"" + wa.name() + "\"}}",
                "{\"phone\":\"" + throttled + "\"}").get("id").asString();
        JsonNode sent = awaitStatus(api, retried, "SENT");
        assertThat(sent.get("attempts").asInt()).isEqualTo(3);
        assertThat(attemptOutcomes(retried)).containsExactly("TRANSIENT_FAILURE", "TRANSIENT_FAILURE", "ACCEPTED");

        assertPermanent(api, wa, graphError(400, 131026, "Message undeliverable"), "WHATSAPP_131026", "Message undeliverable");
        assertPermanent(api, wa, graphError(400, 132001, "Template name does not exist in the translation"),
                "WHATSAPP_132001", "no approved template");
        assertPermanent(api, wa, graphError(400, 100, "Invalid parameter"), "WHATSAPP_100", "Invalid parameter");
        assertPermanent(api, wa, graphError(401, 190, "Error validating access token: Session has expired"),
                "WHATSAPP_190", "access token of connection '" + wa.name() + "'");
    }

    @Test
    void savingChecksTheSettingsAndTestingReadsThePhoneNumber() {
        ApiClient api = newAccount();
        ApiClient.Response bad = api.post("/api/v1/providers", ApiClient.json(Map.of("name", "wa", "type", "whatsapp-cloud",
                "channel", "whatsapp", "settings", Map.of("phoneNumberId", "+7 499 286-83-44", "accessToken", "t",
                        "appSecret", "s", "verifyToken", "v", "defaultLanguage", "English"))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("settings.phoneNumberId").contains("settings.defaultLanguage");

        Connection wa = connect(api);
        META.stubFor(get(urlPathEqualTo("/v21.0/" + wa.phoneNumberId())).willReturn(okJson(
                "{\"display_phone_number\":\"+1 555-010-0100\",\"verified_name\":\"Acme\",\"quality_rating\":\"GREEN\","
                        + "\"id\":\"" + wa.phoneNumberId() + "\"}")));
        JsonNode ok = api.post("/api/v1/providers/" + wa.id() + "/test", "").json();
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.get("detail").asString()).contains("+1 555-010-0100").contains("Acme").contains("GREEN");

        META.stubFor(get(urlPathEqualTo("/v21.0/" + wa.phoneNumberId())).willReturn(
                graphError(401, 190, "Error validating access token")));
        JsonNode refused = api.post("/api/v1/providers/" + wa.id() + "/test", "").json();
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("detail").asString()).contains("401").contains("#190").contains("access token");
    }

    private void assertPermanent(ApiClient api, Connection wa,
                                 ResponseDefinitionBuilder answer,
                                 String code, String messagePart) {
        String user = nextUser();
        META.stubFor(post(urlEqualTo(wa.messagesPath())).withRequestBody(matchingJsonPath("$.to", equalTo(user)))
                .willReturn(answer));
        String id = send(api, "{\"whatsapp\":{\"templateName\":\"t\",\"provider\":\"" + wa.name() + "\"}}",
                "{\"phone\":\"" + user + "\"}").get("id").asString();
        JsonNode failed = awaitStatus(api, id, "FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo(code);
        assertThat(failed.get("error").get("message").asString()).contains(messagePart);
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
    }

    private Connection connect(ApiClient api) {
        String phoneNumberId = "10654" + String.format("%07d", COUNTER.incrementAndGet());
        String name = "wa-" + phoneNumberId;
        ApiClient.Response created = api.post("/api/v1/providers", ApiClient.json(Map.of("name", name,
                "type", "whatsapp-cloud", "channel", "whatsapp", "settings", Map.of(
                        "baseUrl", META.baseUrl() + "/v21.0", "phoneNumberId", phoneNumberId,
                        "accessToken", "token-" + phoneNumberId, "appSecret", APP_SECRET, "verifyToken", VERIFY_TOKEN))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Connection(created.json().get("id").asString(), name, phoneNumberId);
    }

    private String accountOf(Connection wa) {
        return jdbc.sql("SELECT account_id::text FROM provider_connection WHERE id = ?::uuid").param(wa.id())
                .query(String.class).single();
    }

    private static void stubAccept(Connection wa, String user) {
        META.stubFor(post(urlEqualTo(wa.messagesPath())).withRequestBody(matchingJsonPath("$.to", equalTo(user)))
                .willReturn(accepted(user)));
    }

    private static ResponseDefinitionBuilder accepted(String user) {
        return okJson("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + user + "\",\"wa_id\":\"" + user
                + "\"}],\"messages\":[{\"id\":\"wamid." + user + "\",\"message_status\":\"accepted\"}]}");
    }

    private static ResponseDefinitionBuilder graphError(int status, int code,
                                                                                                String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(ApiClient.json(
                Map.of("error", Map.of("message", message, "type", "OAuthException", "code", code,
                        "fbtrace_id", "AbC"))));
    }

    private ApiClient.Response webhook(Connection wa, String body) {
        return anonymous().post("/webhooks/whatsapp-cloud/" + wa.id(), body,
                "X-Hub-Signature-256", "sha256=" + hmac(APP_SECRET, body));
    }

    private static String notification(Connection wa, Map<String, Object> value) {
        Map<String, Object> withMetadata = new LinkedHashMap<>(value);
        withMetadata.putIfAbsent("messaging_product", "whatsapp");
        withMetadata.putIfAbsent("metadata", Map.of("display_phone_number", "15550001111",
                "phone_number_id", wa.phoneNumberId()));
        return ApiClient.json(Map.of("object", "whatsapp_business_account", "entry", List.of(Map.of("id", "102290129340398",
                "changes", List.of(Map.of("field", "messages", "value", withMetadata))))));
    }

    private static Map<String, Object> userText(String user, String name, Instant at, String text) {
        return Map.of("contacts", List.of(Map.of("profile", Map.of("name", name), "wa_id", user)),
                "messages", List.of(textMessage(user, at, text)));
    }

    private static Map<String, Object> textMessage(String user, Instant at, String text) {
        return Map.of("from", user, "id", "wamid.in-" + user, "timestamp", seconds(at), "type", "text",
                "text", Map.of("body", text));
    }

    private static Map<String, Object> statuses(Map<String, Object> status) {
        return Map.of("statuses", List.of(status));
    }

    private static Map<String, Object> status(String wamid, String user, String status, Map<String, Object> error) {
        Map<String, Object> s = new LinkedHashMap<>(Map.of("id", wamid, "status", status,
                "timestamp", seconds(Instant.now()), "recipient_id", user));
        if (error != null) {
            s.put("errors", List.of(error));
        }
        return s;
    }

    private static String seconds(Instant at) {
        return String.valueOf(at.getEpochSecond());
    }

    private static JsonNode send(ApiClient api, String channels, String destination) {
        ApiClient.Response response = api.post("/api/v1/messages", group(channels, "[" + destination + "]"));
        assertThat(response.status()).as(response.text()).isBetween(200, 299);
        return response.json().get(0);
    }

    private List<String> attemptOutcomes(String messageId) {
        return jdbc.sql("SELECT outcome FROM delivery_attempt WHERE message_id = ?::uuid ORDER BY id")
                .param(messageId).query(String.class).list();
    }

    private static List<LoggedRequest> requestsTo(Connection wa, String user) {
        return META.findAll(postRequestedFor(urlEqualTo(wa.messagesPath()))
                .withRequestBody(matchingJsonPath("$.to", equalTo(user))));
    }

    /** Ends in 1, which the sandbox delivers when the cascade reaches SMS. */
    private static String nextUser() {
        return "7916" + String.format("%06d", COUNTER.incrementAndGet()) + "1";
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
