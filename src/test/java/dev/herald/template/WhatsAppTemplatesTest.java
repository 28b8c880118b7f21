package dev.herald.template;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WhatsApp message templates through the API against a WireMock Graph API: the structure the reference describes
 * (header, body, quick-reply buttons) is stored, submitted to {@code /{waba-id}/message_templates}, followed through
 * Meta's signed {@code message_template_status_update} webhook, and sent with its components only once approved.
 */
class WhatsAppTemplatesTest extends HeraldTest {

    private static final WireMockServer META = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String APP_SECRET = "meta-app-secret";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        META.start();
        Runtime.getRuntime().addShutdownHook(new Thread(META::stop));
    }

    record Connection(String id, String name, String phoneNumberId, String wabaId) {}

    private static final String ORDER_TEMPLATE = """
            {"templateName": "order_shipped", "language": "ru", "category": "utility",
             "header": "Заказ {{order}}",
             "body": "Здравствуйте, {{name}}! Заказ {{order}} отправлен.",
             "footer": "Магазин",
             "buttons": ["Спасибо", {"type": "QUICK_REPLY", "text": "Не мне", "payload": "not-me"},
                         {"type": "URL", "text": "Отследить", "url": "https://shop.example/track/{{order}}"}],
             "examples": {"name": "Анна", "order": "1234"},
             "provider": "%s"}""";

    @Test
    void theStructureIsStoredSubmittedApprovedByWebhookAndSentWithItsComponents() {
        ApiClient api = newAccount();
        Connection wa = connect(api, true);
        String templateId = "5722791984" + COUNTER.incrementAndGet();
        META.stubFor(post(urlEqualTo("/v21.0/" + wa.wabaId() + "/message_templates"))
                .willReturn(okJson("{\"id\":\"" + templateId + "\",\"status\":\"PENDING\",\"category\":\"UTILITY\"}")));

        ApiClient.Response created = api.post("/api/v1/templates",
                "{\"name\":\"Order shipped\",\"channels\":{\"whatsapp\":" + ORDER_TEMPLATE.formatted(wa.name()) + "}}");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode template = created.json();
        String id = template.get("id").asString();
        assertThat(template.at("/channels/whatsapp/header").asString()).isEqualTo("Заказ {{order}}");
        assertThat(template.at("/channels/whatsapp/body").asString()).startsWith("Здравствуйте, {{name}}!");
        assertThat(template.at("/channels/whatsapp/buttons").size()).isEqualTo(3);
        assertThat(template.at("/moderation/whatsapp/state").asString()).isEqualTo("DRAFT");
        assertThat(names(template.get("variables"))).containsExactly("name", "order");

        JsonNode submitted = api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"whatsapp\"}").json();
        assertThat(submitted.at("/moderation/whatsapp/state").asString()).isEqualTo("PENDING");
        assertThat(submitted.at("/moderation/whatsapp/externalId").asString()).isEqualTo(templateId);
        assertThat(submitted.at("/moderation/whatsapp/submittedAt").isMissingNode()).isFalse();

        LoggedRequest submission = META.findAll(postRequestedFor(urlEqualTo("/v21.0/" + wa.wabaId() + "/message_templates")))
                .getFirst();
        assertThat(submission.getHeader("Authorization")).isEqualTo("Bearer token-" + wa.phoneNumberId());
        JsonNode meta = JSON.readTree(submission.getBodyAsString());
        assertThat(meta.get("name").asString()).isEqualTo("order_shipped");
        assertThat(meta.get("language").asString()).isEqualTo("ru");
        assertThat(meta.get("category").asString()).isEqualTo("UTILITY");
        assertThat(meta.get("parameter_format").asString()).isEqualTo("POSITIONAL");
        JsonNode components = meta.get("components");
        assertThat(components.at("/0/type").asString()).isEqualTo("HEADER");
        assertThat(components.at("/0/format").asString()).isEqualTo("TEXT");
        assertThat(components.at("/0/text").asString()).isEqualTo("Заказ {{1}}");
        assertThat(components.at("/0/example/header_text/0").asString()).isEqualTo("1234");
        assertThat(components.at("/1/type").asString()).isEqualTo("BODY");
        assertThat(components.at("/1/text").asString()).isEqualTo("Здравствуйте, {{1}}! Заказ {{2}} отправлен.");
        assertThat(components.at("/1/example/body_text/0/0").asString()).isEqualTo("Анна");
        assertThat(components.at("/1/example/body_text/0/1").asString()).isEqualTo("1234");
        assertThat(components.at("/2/type").asString()).isEqualTo("FOOTER");
        assertThat(components.at("/3/type").asString()).isEqualTo("BUTTONS");
        assertThat(components.at("/3/buttons/0/type").asString()).isEqualTo("QUICK_REPLY");
        assertThat(components.at("/3/buttons/0/text").asString()).isEqualTo("Спасибо");
        assertThat(components.at("/3/buttons/2/url").asString()).isEqualTo("https://shop.example/track/{{1}}");
        assertThat(components.at("/3/buttons/2/example/0").asString()).isEqualTo("https://shop.example/track/1234");

        String user = nextUser();
        String destination = "{\"phone\":\"" + user + "\",\"variables\":{\"name\":\"Иван\",\"order\":\"77\"}}";
        JsonNode early = api.post("/api/v1/messages", templated(id, destination)).json().get(0);
        assertThat(early.get("status").asString()).isEqualTo("FAILED");
        assertThat(early.at("/error/code").asString()).isEqualTo("TEMPLATE_NOT_APPROVED");
        assertThat(early.at("/error/message").asString()).contains("whatsapp (PENDING)");

        assertThat(webhook(wa, templateStatus(wa, templateId, "APPROVED", "NONE")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/templates/" + id).json().at("/moderation/whatsapp/state").asString())
                .isEqualTo("APPROVED");

        META.stubFor(post(urlEqualTo("/v21.0/" + wa.phoneNumberId() + "/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(user)))
                .willReturn(okJson("{\"messages\":[{\"id\":\"wamid." + user + "\"}]}")));
        JsonNode item = api.post("/api/v1/messages", templated(id, destination)).json().get(0);
        assertThat(item.get("status").asString()).as(item.toString()).isEqualTo("CREATED");
        awaitStatus(api, item.get("id").asString(), "SENT");

        JsonNode sent = JSON.readTree(META.findAll(postRequestedFor(urlEqualTo("/v21.0/" + wa.phoneNumberId() + "/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(user)))).getFirst().getBodyAsString());
        assertThat(sent.get("type").asString()).isEqualTo("template");
        assertThat(sent.at("/template/name").asString()).isEqualTo("order_shipped");
        assertThat(sent.at("/template/language/code").asString()).isEqualTo("ru");
        JsonNode parameters = sent.at("/template/components");
        assertThat(parameters.at("/0/type").asString()).isEqualTo("header");
        assertThat(parameters.at("/0/parameters/0/text").asString()).isEqualTo("77");
        assertThat(parameters.at("/1/type").asString()).isEqualTo("body");
        assertThat(parameters.at("/1/parameters/0/text").asString()).isEqualTo("Иван");
        assertThat(parameters.at("/1/parameters/1/text").asString()).isEqualTo("77");
        assertThat(parameters.at("/2/sub_type").asString()).isEqualTo("quick_reply");
        assertThat(parameters.at("/2/index").asString()).isEqualTo("1");
        assertThat(parameters.at("/2/parameters/0/payload").asString()).isEqualTo("not-me");
        assertThat(parameters.at("/3/sub_type").asString()).isEqualTo("url");
        assertThat(parameters.at("/3/index").asString()).isEqualTo("2");
        assertThat(parameters.at("/3/parameters/0/text").asString()).isEqualTo("77");

        JsonNode missing = api.post("/api/v1/messages", templated(id,
                "{\"phone\":\"" + nextUser() + "\",\"variables\":{\"name\":\"Иван\"}}")).json().get(0);
        assertThat(missing.at("/error/code").asString()).isEqualTo("MISSING_VARIABLE");
        assertThat(missing.at("/error/message").asString()).contains("order");
    }

    @Test
    void aRejectionKeepsMetasReasonAndTheChangedVersionIsSubmittedAsAnEditOfTheSameTemplate() {
        ApiClient api = newAccount();
        Connection wa = connect(api, true);
        String templateId = "6822791984" + COUNTER.incrementAndGet();
        META.stubFor(post(urlEqualTo("/v21.0/" + wa.wabaId() + "/message_templates"))
                .willReturn(okJson("{\"id\":\"" + templateId + "\",\"status\":\"PENDING\",\"category\":\"MARKETING\"}")));
        META.stubFor(post(urlEqualTo("/v21.0/" + templateId)).willReturn(okJson("{\"success\":true}")));
        String id = api.post("/api/v1/templates", "{\"name\":\"Promo\",\"channels\":{\"whatsapp\":{\"templateName\":"
                + "\"spring_sale\",\"category\":\"MARKETING\",\"body\":\"Скидка {{percent}}%\",\"examples\":"
                + "{\"percent\":\"20\"},\"provider\":\"" + wa.name() + "\"}}}").json().get("id").asString();
        api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"whatsapp\"}");

        webhook(wa, templateStatus(wa, templateId, "REJECTED", "INVALID_FORMAT"));

        JsonNode rejected = api.get("/api/v1/templates/" + id).json().at("/moderation/whatsapp");
        assertThat(rejected.get("state").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("reason").asString()).contains("INVALID_FORMAT");

        JsonNode changed = api.put("/api/v1/templates/" + id, "{\"name\":\"Promo\",\"channels\":{\"whatsapp\":"
                + "{\"templateName\":\"spring_sale\",\"category\":\"MARKETING\",\"body\":\"Весенняя скидка {{percent}}%\","
                + "\"examples\":{\"percent\":\"20\"},\"provider\":\"" + wa.name() + "\"}}}").json();
        assertThat(changed.at("/moderation/whatsapp/state").asString()).isEqualTo("DRAFT");
        JsonNode again = api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"whatsapp\"}").json();

        assertThat(again.at("/moderation/whatsapp/state").asString()).isEqualTo("PENDING");
        assertThat(again.at("/moderation/whatsapp/externalId").asString()).isEqualTo(templateId);
        JsonNode edit = JSON.readTree(META.findAll(postRequestedFor(urlEqualTo("/v21.0/" + templateId))).getFirst()
                .getBodyAsString());
        assertThat(edit.at("/components/0/text").asString()).isEqualTo("Весенняя скидка {{1}}%");
        assertThat(META.findAll(postRequestedFor(urlEqualTo("/v21.0/" + wa.wabaId() + "/message_templates"))))
                .hasSize(1);

        // A decision on the edit; Meta pauses it later, which stops sending it.
        webhook(wa, templateStatus(wa, templateId, "APPROVED", "NONE"));
        webhook(wa, templateStatus(wa, templateId, "PAUSED", "NONE"));
        assertThat(api.get("/api/v1/templates/" + id).json().at("/moderation/whatsapp/state").asString())
                .isEqualTo("PAUSED");
        JsonNode paused = api.post("/api/v1/messages", templated(id,
                "{\"phone\":\"" + nextUser() + "\",\"variables\":{\"percent\":\"20\"}}")).json().get(0);
        assertThat(paused.at("/error/code").asString()).isEqualTo("TEMPLATE_NOT_APPROVED");
        assertThat(paused.at("/error/message").asString()).contains("PAUSED");
    }

    @Test
    void theStatusIsReadFromMetaOnRequest() {
        ApiClient api = newAccount();
        Connection wa = connect(api, true);
        String templateId = "7822791984" + COUNTER.incrementAndGet();
        META.stubFor(post(urlEqualTo("/v21.0/" + wa.wabaId() + "/message_templates"))
                .willReturn(okJson("{\"id\":\"" + templateId + "\",\"status\":\"PENDING\"}")));
        META.stubFor(get(urlPathEqualTo("/v21.0/" + templateId)).willReturn(okJson(
                "{\"id\":\"" + templateId + "\",\"name\":\"hello\",\"status\":\"REJECTED\",\"rejected_reason\":\"TAG_CONTENT_MISMATCH\"}")));
        String id = api.post("/api/v1/templates", "{\"name\":\"Hello\",\"channels\":{\"whatsapp\":{\"templateName\":"
                + "\"hello\",\"body\":\"Привет!\",\"provider\":\"" + wa.name() + "\"}}}").json().get("id").asString();
        api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"whatsapp\"}");

        JsonNode refreshed = api.post("/api/v1/templates/" + id + "/moderation/refresh", "{\"channel\":\"whatsapp\"}").json();

        assertThat(refreshed.at("/moderation/whatsapp/state").asString()).isEqualTo("REJECTED");
        assertThat(refreshed.at("/moderation/whatsapp/reason").asString()).isEqualTo("TAG_CONTENT_MISMATCH");
        // Rejected: it may be submitted again, not refreshed into approval by a person's PENDING.
        assertThat(api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"sms\"}").status())
                .isEqualTo(400);
    }

    @Test
    void badStructuresAre400sNamingTheFieldAndNothingIsStored() {
        ApiClient api = newAccount();
        List<String> buttons = java.util.stream.IntStream.range(0, 11).mapToObj(i -> "\"B" + i + "\"").toList();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"templateName\":\"t\",\"header\":\"Hi\",\"buttons\":[\"Yes\"]}", "channels.whatsapp.body");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi\",\"buttons\":[" + String.join(",", buttons) + "]}",
                "channels.whatsapp.buttons");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi {{name}}\"}", "channels.whatsapp.examples.name");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi\",\"examples\":{\"name\":\"Ann\"}}",
                "channels.whatsapp.examples.name");
        cases.put("{\"templateName\":\"Order Shipped\",\"body\":\"Hi\"}", "channels.whatsapp.templateName");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi\",\"category\":\"NEWS\"}", "channels.whatsapp.category");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi\",\"buttons\":[{\"type\":\"URL\",\"text\":\"a\",\"url\":"
                + "\"https://a.example\"},{\"type\":\"URL\",\"text\":\"b\",\"url\":\"https://b.example\"},{\"type\":"
                + "\"URL\",\"text\":\"c\",\"url\":\"https://c.example\"}]}", "channels.whatsapp.buttons");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi\",\"buttons\":[{\"type\":\"CALL_ME\",\"text\":\"a\"}]}",
                "channels.whatsapp.buttons[0]");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi\",\"buttons\":[\"A button text longer than 25\"]}",
                "channels.whatsapp.buttons[0].text");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi {{#vip}}dear{{/vip}}\"}", "channels.whatsapp.body");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi\",\"header\":{\"format\":\"IMAGE\"}}",
                "channels.whatsapp.header.url");
        cases.put("{\"templateName\":\"t\",\"body\":\"Hi {{a}}\",\"examples\":{\"a\":\"1\"},\"templateData\":[\"x\"]}",
                "channels.whatsapp.templateData");
        cases.forEach((whatsapp, field) -> {
            ApiClient.Response refused = api.post("/api/v1/templates",
                    "{\"name\":\"Bad\",\"channels\":{\"whatsapp\":" + whatsapp + "}}");
            assertThat(refused.status()).as(whatsapp).isEqualTo(400);
            assertThat(names(refused.json().get("errors"), "field")).as(whatsapp).contains(field);
        });
        ApiClient.Response elsewhere = api.post("/api/v1/templates",
                "{\"name\":\"Bad\",\"channels\":{\"sms\":{\"text\":\"Hi\",\"body\":\"Hi\"}}}");
        assertThat(names(elsewhere.json().get("errors"), "field")).contains("channels.sms.body");
        assertThat(api.get("/api/v1/templates").json().get("count").asInt()).isZero();
        // Nor is a structure dropped from a message: it belongs in a template.
        ApiClient.Response message = api.post("/api/v1/messages", "{\"messages\":[{\"channels\":{\"whatsapp\":"
                + "{\"templateName\":\"t\",\"header\":\"Hi\",\"body\":\"Hi\",\"buttons\":[\"Yes\"]}},"
                + "\"destinations\":[{\"phone\":\"79001112233\"}]}]}");
        assertThat(message.status()).isEqualTo(400);
        assertThat(names(message.json().get("errors"), "field")).contains("messages[0].channels.whatsapp");
    }

    @Test
    void submittingNeedsAConnectionThatReviewsTemplatesAndItsWabaId() {
        ApiClient api = newAccount();
        String sandbox = api.post("/api/v1/templates", "{\"name\":\"Sandbox\",\"channels\":{\"whatsapp\":{\"templateName\":"
                + "\"hello\",\"body\":\"Привет!\"}}}").json().get("id").asString();
        ApiClient.Response noProvider = api.post("/api/v1/templates/" + sandbox + "/moderation/submit",
                "{\"channel\":\"whatsapp\"}");
        assertThat(noProvider.status()).isEqualTo(400);
        assertThat(names(noProvider.json().get("errors"), "field")).contains("channels.whatsapp.provider");

        Connection noWaba = connect(api, false);
        String id = api.post("/api/v1/templates", "{\"name\":\"No WABA\",\"channels\":{\"whatsapp\":{\"templateName\":"
                + "\"hello\",\"body\":\"Привет!\",\"provider\":\"" + noWaba.name() + "\"}}}").json().get("id").asString();
        JsonNode refused = api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"whatsapp\"}").json();
        assertThat(refused.at("/moderation/whatsapp/state").asString()).isEqualTo("REJECTED");
        assertThat(refused.at("/moderation/whatsapp/reason").asString()).contains("wabaId");
    }

    @Test
    void anotherAccountCanNeitherSubmitNorChangeTheTemplateAndItsWebhookChangesOnlyItsOwn() {
        ApiClient owner = newAccount();
        ApiClient other = newAccount();
        Connection wa = connect(owner, true);
        Connection others = connect(other, true);
        String templateId = "8822791984" + COUNTER.incrementAndGet();
        META.stubFor(post(urlEqualTo("/v21.0/" + wa.wabaId() + "/message_templates"))
                .willReturn(okJson("{\"id\":\"" + templateId + "\",\"status\":\"PENDING\"}")));
        String id = owner.post("/api/v1/templates", "{\"name\":\"Mine\",\"channels\":{\"whatsapp\":{\"templateName\":"
                + "\"mine\",\"body\":\"Привет!\",\"provider\":\"" + wa.name() + "\"}}}").json().get("id").asString();

        assertThat(other.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"whatsapp\"}").status())
                .isEqualTo(404);
        assertThat(other.post("/api/v1/templates/" + id + "/moderation/refresh", "{\"channel\":\"whatsapp\"}").status())
                .isEqualTo(404);
        owner.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"whatsapp\"}");

        // The other account's connection, rightly signed, names the owner's template id: nothing changes.
        assertThat(webhook(others, templateStatus(others, templateId, "APPROVED", "NONE")).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/templates/" + id).json().at("/moderation/whatsapp/state").asString())
                .isEqualTo("PENDING");
        // An unsigned one is refused.
        assertThat(anonymous().post("/webhooks/whatsapp-cloud/" + wa.id(),
                templateStatus(wa, templateId, "APPROVED", "NONE"), "X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                .status()).isEqualTo(401);
        assertThat(owner.get("/api/v1/templates/" + id).json().at("/moderation/whatsapp/state").asString())
                .isEqualTo("PENDING");
        webhook(wa, templateStatus(wa, templateId, "APPROVED", "NONE"));
        assertThat(owner.get("/api/v1/templates/" + id).json().at("/moderation/whatsapp/state").asString())
                .isEqualTo("APPROVED");
    }

    private Connection connect(ApiClient api, boolean withWaba) {
        int n = COUNTER.incrementAndGet();
        String phoneNumberId = "20654" + String.format("%07d", n);
        String wabaId = "30290" + String.format("%07d", n);
        String name = "wa-" + phoneNumberId;
        Map<String, String> settings = new LinkedHashMap<>(Map.of("baseUrl", META.baseUrl() + "/v21.0",
                "phoneNumberId", phoneNumberId, "accessToken", "token-" + phoneNumberId, "appSecret", APP_SECRET,
                "verifyToken", "verify"));
        if (withWaba) {
            settings.put("wabaId", wabaId);
        }
        ApiClient.Response created = api.post("/api/v1/providers", ApiClient.json(Map.of("name", name,
                "type", "whatsapp-cloud", "channel", "whatsapp", "settings", settings)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Connection(created.json().get("id").asString(), name, phoneNumberId, wabaId);
    }

    /** Meta's template status webhook, as its reference shows it. */
    private static String templateStatus(Connection wa, String templateId, String event, String reason) {
        return ApiClient.json(Map.of("object", "whatsapp_business_account", "entry", List.of(Map.of(
                "id", wa.wabaId(), "time", 1_700_000_000, "changes", List.of(Map.of(
                        "field", "message_template_status_update", "value", Map.of(
                                "event", event, "message_template_id", Long.parseLong(templateId),
                                "message_template_name", "any", "message_template_language", "ru",
                                "reason", reason)))))));
    }

    private ApiClient.Response webhook(Connection wa, String body) {
        return anonymous().post("/webhooks/whatsapp-cloud/" + wa.id(), body,
                "X-Hub-Signature-256", "sha256=" + hmac(APP_SECRET, body));
    }

    private static String templated(String templateId, String destination) {
        return "{\"messages\":[{\"templateId\":\"" + templateId + "\",\"destinations\":[" + destination + "]}]}";
    }

    private static String nextUser() {
        return "7926" + String.format("%06d", COUNTER.incrementAndGet()) + "1";
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    private static List<String> names(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asString()).toList();
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
