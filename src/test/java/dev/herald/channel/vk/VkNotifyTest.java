package dev.herald.channel.vk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * VKontakte / Odnoklassniki notifications through a {@code vk-notify} connection, end to end against a
 * WireMock notification service: only approved templates go out, exactly as named; status webhooks are signed.
 */
class VkNotifyTest extends HeraldTest {

    private static final WireMockServer SERVICE = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final AtomicInteger SERVICES = new AtomicInteger();
    private static final String TEMPLATES = """
            {"items": [
              {"name": "order_ready", "status": "approved", "text": "Здравствуйте, {{name}}! Заказ {{order}} готов."},
              {"name": "promo", "status": "pending", "text": "Скидка {{percent}}%"},
              {"name": "greeting", "status": "approved", "text": "Привет, {{name}}!",
               "odnoklassnikiText": "Привет, {{name}}! Вы в {{city}}."}
            ]}""";

    static {
        SERVICE.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SERVICE::stop));
    }

    @Test
    void anApprovedTemplateIsSentExactlyAsNamedWithItsDataAndAttachments() {
        String base = newService();
        ApiClient api = newAccount();
        String connection = connect(api, base, "vkontakte").json().get("id").asString();
        SERVICE.stubFor(post(urlEqualTo(base + "/notifications"))
                .willReturn(aResponse().withStatus(201).withBody("{\"id\": \"n-1\"}")));

        JsonNode item = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of(
                "channels", Map.of("vkontakte", Map.of(
                        "templateName", "order_ready",
                        "templateData", Map.of("name", "Иван", "order", "42"),
                        "text", "ignored: the template is sent as approved",
                        "attachments", List.of("photo-85635407_165186811", "wall-92255884_16"))),
                "destinations", List.of(Map.of("phone", "+7 (999) 123-45-67")))))).json().get(0);
        JsonNode sent = awaitStatus(api, item.get("id").asString(), "SENT");

        assertThat(sent.get("providerMessageId").asString()).isEqualTo("n-1");
        LoggedRequest request = SERVICE.findAll(postRequestedFor(urlEqualTo(base + "/notifications"))).getFirst();
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer token-1");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(item.get("id").asString());
        assertThat(equalToJson("""
                {"reference": "%s", "network": "vkontakte", "phone": "79991234567", "templateName": "order_ready",
                 "templateData": {"name": "Иван", "order": "42"},
                 "attachments": ["photo-85635407_165186811", "wall-92255884_16"], "service": "twin_important"}"""
                .formatted(item.get("id").asString())).match(request.getBodyAsString()).isExactMatch())
                .as(request.getBodyAsString()).isTrue();

        String delivered = "{\"id\": \"n-1\", \"status\": \"delivered\"}";
        assertThat(webhook(connection, delivered, "wrong-secret").status()).isEqualTo(401);
        assertThat(anonymous().post("/webhooks/vk-notify/" + connection, delivered).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/messages/" + item.get("id").asString()).json().get("status").asString())
                .isEqualTo("SENT");
        assertThat(webhook(connection, delivered, "hook-secret").status()).isEqualTo(204);
        assertThat(webhook(connection, delivered, "hook-secret").status()).as("a repeat changes nothing").isEqualTo(204);
        awaitStatus(api, item.get("id").asString(), "DELIVERED");
        assertThat(webhook(connection, "{\"id\": \"n-1\", \"status\": \"read\"}", "hook-secret").status()).isEqualTo(204);
        JsonNode read = awaitStatus(api, item.get("id").asString(), "READ");
        assertThat(read.get("history").findValuesAsString("status"))
                .containsExactly("CREATED", "PENDING", "SENT", "DELIVERED", "READ");
    }

    @Test
    void aTemplateAwaitingModerationIsRefusedAndTheCascadeMovesOn() {
        String base = newService();
        ApiClient api = newAccount();
        connect(api, base, "vkontakte");

        JsonNode item = api.post("/api/v1/messages", group(
                "{\"vkontakte\":{\"templateName\":\"promo\",\"templateData\":{\"percent\":\"10\"}},"
                        + "\"sms\":{\"text\":\"Скидка 10%\",\"provider\":\"sandbox\"}}",
                "[{\"phone\":\"79001230001\"}]")).json().get(0);
        JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");

        assertThat(failed.get("error").get("code").asString()).isEqualTo("TEMPLATE_NOT_APPROVED");
        assertThat(failed.get("error").get("message").asString()).isEqualTo("template promo is not approved (status pending)");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
        assertThat(SERVICE.findAll(postRequestedFor(urlEqualTo(base + "/notifications")))).isEmpty();
    }

    @Test
    void templateDataWrittenAsAListFillsThePlaceholdersInOrderAndAUserIdIsSentAsSuch() {
        String base = newService();
        ApiClient api = newAccount();
        connect(api, base, "odnoklassniki");
        SERVICE.stubFor(post(urlEqualTo(base + "/notifications")).willReturn(okJson("{\"id\": \"ok-7\"}")));

        // The form of TWIN's documentation: templateData as a list of strings.
        String id = api.post("/api/v1/messages", group(
                "{\"odnoklassniki\":{\"from\":\"string\",\"templateName\":\"greeting\",\"templateData\":[\"Ольга\",\"Казань\"],"
                        + "\"text\":\"string\",\"attachments\":[\"video-85635407_165186811\",\"wall-92255884_16\"]}}",
                "[{\"messengerUserId\":\"575812345678\"}]")).json().get(0).get("id").asString();
        awaitStatus(api, id, "SENT");

        LoggedRequest request = SERVICE.findAll(postRequestedFor(urlEqualTo(base + "/notifications"))).getFirst();
        assertThat(equalToJson("""
                {"reference": "%s", "network": "odnoklassniki", "userId": "575812345678", "templateName": "greeting",
                 "templateData": {"name": "Ольга", "city": "Казань"},
                 "attachments": ["video-85635407_165186811", "wall-92255884_16"], "service": "twin_important"}"""
                .formatted(id)).match(request.getBodyAsString()).isExactMatch()).as(request.getBodyAsString()).isTrue();
    }

    @Test
    void aContactsPhoneIsSentAsAPhone() {
        String base = newService();
        ApiClient api = newAccount();
        connect(api, base, "vkontakte");
        SERVICE.stubFor(post(urlEqualTo(base + "/notifications")).willReturn(okJson("{\"id\": \"vk-c\"}")));
        ApiClient.Response contact = api.post("/api/v1/contacts", "{\"externalCustomerId\":\"vk-crm-1\",\"phone\":\"79991112233\"}");
        assertThat(contact.status()).as(contact.text()).isEqualTo(201);

        String id = api.post("/api/v1/messages", group(
                "{\"vkontakte\":{\"templateName\":\"order_ready\",\"templateData\":{\"name\":\"Анна\",\"order\":\"7\"}}}",
                "[{\"externalCustomerId\":\"vk-crm-1\"}]")).json().get(0).get("id").asString();
        awaitStatus(api, id, "SENT");

        // The address came from the contact's phone, which the destination itself does not carry: the service
        // must get it as a phone, not as a user id.
        LoggedRequest request = SERVICE.findAll(postRequestedFor(urlEqualTo(base + "/notifications"))).getFirst();
        assertThat(request.getBodyAsString()).contains("\"phone\":\"79991112233\"").doesNotContain("userId");
        assertThat(jdbc.sql("SELECT address_source FROM message WHERE id = ?::uuid").param(id).query(String.class).single())
                .isEqualTo("CONTACT_PHONE");
    }

    @Test
    void whatCannotBeSentAsApprovedFailsWithAClearReasonAndNothingGoesOut() {
        String base = newService();
        ApiClient api = newAccount();
        connect(api, base, "vkontakte");

        assertThat(failure(api, "{\"text\":\"free text\"}")).startsWith("TEMPLATE_REQUIRED: vkontakte notifications are "
                + "sent only from approved templates");
        assertThat(failure(api, "{\"templateName\":\"Order_Ready\",\"templateData\":{\"name\":\"И\",\"order\":\"1\"}}"))
                .isEqualTo("TEMPLATE_UNKNOWN: template Order_Ready is unknown to the notification service");
        assertThat(failure(api, "{\"templateName\":\"order_ready\",\"templateData\":{\"name\":\"Иван\"}}"))
                .isEqualTo("TEMPLATE_DATA_MISMATCH: templateData lacks [order] for template order_ready");
        assertThat(failure(api, "{\"templateName\":\"order_ready\",\"templateData\":{\"name\":\"Иван\",\"order\":\"1\",\"extra\":\"x\"}}"))
                .startsWith("TEMPLATE_DATA_MISMATCH: templateData has [extra], which template order_ready does not use");
        assertThat(failure(api, "{\"templateName\":\"order_ready\",\"templateData\":[\"Иван\"]}"))
                .startsWith("TEMPLATE_DATA_MISMATCH: templateData has 1 values but template order_ready has 2 placeholders");
        assertThat(SERVICE.findAll(postRequestedFor(urlEqualTo(base + "/notifications")))).isEmpty();
    }

    @Test
    void theServicesAnswersMapToRetriesFailuresAndBlocks() {
        String base = newService();
        ApiClient api = newAccount();
        connect(api, base, "vkontakte");
        SERVICE.stubFor(post(urlEqualTo(base + "/notifications")).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"busy\"}}"))
                .willSetStateTo("up"));
        SERVICE.stubFor(post(urlEqualTo(base + "/notifications")).inScenario("busy").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(202).withBody("{\"id\":\"n-2\"}")).willSetStateTo("blocking"));
        SERVICE.stubFor(post(urlEqualTo(base + "/notifications")).inScenario("busy").whenScenarioStateIs("blocking")
                .willReturn(aResponse().withStatus(422)
                        .withBody("{\"error\":{\"code\":\"RECIPIENT_BLOCKED\",\"message\":\"the user turned notifications off\"}}")));
        String channels = "{\"vkontakte\":{\"templateName\":\"order_ready\",\"templateData\":{\"name\":\"Иван\",\"order\":\"42\"}}}";

        String retried = api.post("/api/v1/messages", group(channels, "[{\"phone\":\"79990000011\"}]")).json().get(0)
                .get("id").asString();
        JsonNode sent = awaitStatus(api, retried, "SENT");
        String blocked = api.post("/api/v1/messages", group(channels, "[{\"phone\":\"79990000012\"}]")).json().get(0)
                .get("id").asString();
        JsonNode failed = awaitStatus(api, blocked, "FAILED");

        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
        assertThat(sent.get("providerMessageId").asString()).isEqualTo("n-2");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("BLOCKED");
        assertThat(failed.get("error").get("message").asString()).contains("the user turned notifications off");
    }

    @Test
    void testingListsTheTemplatesAndReportsARefusedToken() {
        String base = newService();
        ApiClient api = newAccount();
        String id = connect(api, base, "vkontakte").json().get("id").asString();
        SERVICE.stubFor(get(urlEqualTo(base + "/templates")).withHeader("Authorization", equalTo("Bearer stale"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"bad token\"}}")));

        JsonNode ok = api.post("/api/v1/providers/" + id + "/test", "").json();
        api.patch("/api/v1/providers/" + id, "{\"settings\":{\"accessToken\":\"stale\"}}");
        JsonNode refused = api.post("/api/v1/providers/" + id + "/test", "").json();

        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.get("detail").asString())
                .isEqualTo("Connected; 3 templates (approved: greeting, order_ready; pending: promo)");
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("detail").asString()).contains("GET /templates answered 401", "bad token");
    }

    @Test
    void theWebhookAnswersOnlyForItsOwnSignedConnection() {
        String base = newService();
        ApiClient api = newAccount();
        String withoutSecret = api.postJson("/api/v1/providers", Map.of("name", "no-hooks", "type", "vk-notify",
                "channel", "vkontakte", "settings", Map.of("baseUrl", SERVICE.baseUrl() + base, "accessToken", "t")))
                .json().get("id").asString();
        String connection = connect(api, base, "vkontakte").json().get("id").asString();
        String event = "{\"id\": \"unknown\", \"status\": \"delivered\"}";

        assertThat(webhook(withoutSecret, event, "").status()).isEqualTo(401);
        assertThat(webhook("00000000-0000-0000-0000-000000000000", event, "hook-secret").status()).isEqualTo(404);
        assertThat(webhook("not-a-uuid", event, "hook-secret").status()).isEqualTo(404);
        assertThat(webhook(connection, "{\"id\": \"n\", \"status\": \"lost\"}", "hook-secret").status()).isEqualTo(400);
        assertThat(webhook(connection, "not json", "hook-secret").status()).isEqualTo(400);
        assertThat(webhook(connection, "{\"id\": \"n\", \"status\": \"undelivered\", \"pad\": \"" + "x".repeat(70_000) + "\"}",
                "hook-secret").status()).isEqualTo(413);
        assertThat(webhook(connection, event, "hook-secret").status()).as("kept for a send not yet recorded").isEqualTo(204);
    }

    @Test
    void badSettingsAreRefusedWhenSaved() {
        ApiClient.Response refused = newAccount().postJson("/api/v1/providers", Map.of("name", "vk", "type", "vk-notify",
                "channel", "sms", "settings", Map.of("baseUrl", "ftp://notify.example", "accessToken", "t",
                        "timeoutMs", "0")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("channel", "settings.baseUrl");
    }

    private String failure(ApiClient api, String options) {
        String id = api.post("/api/v1/messages", group("{\"vkontakte\":" + options + "}", "[{\"phone\":\"79990000001\"}]"))
                .json().get(0).get("id").asString();
        JsonNode error = awaitStatus(api, id, "FAILED").get("error");
        return error.get("code").asString() + ": " + error.get("message").asString();
    }

    /** A fresh notification service under its own path, listing {@link #TEMPLATES} to the token {@code token-1}. */
    private static String newService() {
        String base = "/svc" + SERVICES.incrementAndGet();
        SERVICE.stubFor(get(urlEqualTo(base + "/templates")).withHeader("Authorization", equalTo("Bearer token-1"))
                .willReturn(okJson(TEMPLATES)));
        return base;
    }

    private static ApiClient.Response connect(ApiClient api, String base, String channel) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("baseUrl", SERVICE.baseUrl() + base);
        settings.put("accessToken", "token-1");
        settings.put("webhookSecret", "hook-secret");
        settings.put("service", "twin_important");
        ApiClient.Response response = api.postJson("/api/v1/providers?test=true",
                Map.of("name", channel + "-notify", "type", "vk-notify", "channel", channel, "settings", settings));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response;
    }

    private ApiClient.Response webhook(String connection, String body, String secret) {
        return anonymous().post("/webhooks/vk-notify/" + connection, body, "X-Signature", "sha256=" + hmac(secret, body));
    }

    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.isEmpty() ? new byte[1] : secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
