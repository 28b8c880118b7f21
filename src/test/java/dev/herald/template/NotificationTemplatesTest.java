package dev.herald.template;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * VKontakte / Odnoklassniki notification templates ("mail.ru templates" in the reference) through the API against
 * a WireMock notification service: name, approval e-mail, bodies and group URLs are stored, sent to moderation
 * ({@code POST /templates}), followed from the service's template list, and sent only once approved.
 */
class NotificationTemplatesTest extends HeraldTest {

    private static final WireMockServer SERVICE = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger SERVICES = new AtomicInteger();

    static {
        SERVICE.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SERVICE::stop));
    }

    /** The reference's form: name, e-mail, the common body, each network's body and group. */
    private static final String ORDER_READY = """
            {"templateName": "order_ready", "email": "shop@example.ru",
             "text": "Здравствуйте, {{name}}! Заказ {{order}} готов.",
             "vkontakteGroupUrl": "https://vk.com/shop",
             "odnoklassnikiText": "Здравствуйте, {{name}}! Заказ {{order}} ждёт вас в {{city}}.",
             "odnoklassnikiGroupUrl": "https://ok.ru/group/54321",
             "provider": "%s"}""";

    @Test
    void aTemplateGoesToModerationIsApprovedInTheServicesListAndIsThenSentWithItsData() {
        String base = newService("[]");
        ApiClient api = newAccount();
        String connection = connect(api, base, "vkontakte");
        SERVICE.stubFor(post(urlEqualTo(base + "/templates"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"name\":\"order_ready\",\"status\":\"pending\"}")));

        ApiClient.Response created = api.post("/api/v1/templates", "{\"name\":\"Order ready\",\"channels\":"
                + "{\"vkontakte\":" + ORDER_READY.formatted("vkontakte-notify") + "}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().at("/channels/vkontakte/email").asString()).isEqualTo("shop@example.ru");
        assertThat(created.json().at("/channels/vkontakte/vkontakteGroupUrl").asString()).isEqualTo("https://vk.com/shop");
        assertThat(created.json().at("/moderation/vkontakte/state").asString()).isEqualTo("DRAFT");

        JsonNode submitted = api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"vkontakte\"}").json();
        assertThat(submitted.at("/moderation/vkontakte/state").asString()).isEqualTo("PENDING");
        assertThat(submitted.at("/moderation/vkontakte/externalId").asString()).isEqualTo("order_ready");
        JsonNode sentForModeration = JSON.readTree(SERVICE.findAll(postRequestedFor(urlEqualTo(base + "/templates")))
                .getFirst().getBodyAsString());
        assertThat(sentForModeration.get("name").asString()).isEqualTo("order_ready");
        assertThat(sentForModeration.get("email").asString()).isEqualTo("shop@example.ru");
        assertThat(sentForModeration.get("text").asString()).isEqualTo("Здравствуйте, {{name}}! Заказ {{order}} готов.");
        assertThat(sentForModeration.get("vkontakteGroupUrl").asString()).isEqualTo("https://vk.com/shop");
        assertThat(sentForModeration.get("odnoklassnikiGroupUrl").asString()).isEqualTo("https://ok.ru/group/54321");
        assertThat(sentForModeration.get("service").asString()).isEqualTo("twin_important");

        String destination = "{\"phone\":\"79990000021\",\"variables\":{\"name\":\"Анна\",\"order\":\"42\",\"city\":\"Казань\"}}";
        JsonNode early = api.post("/api/v1/messages", templated(id, destination)).json().get(0);
        assertThat(early.at("/error/code").asString()).isEqualTo("TEMPLATE_NOT_APPROVED");

        // Still pending at the service: asking changes nothing.
        listTemplates(base, "[{\"name\":\"order_ready\",\"status\":\"pending\",\"text\":\"Здравствуйте, {{name}}! Заказ {{order}} готов.\"}]");
        assertThat(api.post("/api/v1/templates/" + id + "/moderation/refresh", "{\"channel\":\"vkontakte\"}").json()
                .at("/moderation/vkontakte/state").asString()).isEqualTo("PENDING");
        listTemplates(base, "[{\"name\":\"order_ready\",\"status\":\"approved\",\"text\":\"Здравствуйте, {{name}}! Заказ {{order}} готов.\"}]");
        JsonNode approved = api.post("/api/v1/templates/" + id + "/moderation/refresh", "{\"channel\":\"vkontakte\"}").json();
        assertThat(approved.at("/moderation/vkontakte/state").asString()).isEqualTo("APPROVED");

        SERVICE.stubFor(post(urlEqualTo(base + "/notifications"))
                .willReturn(aResponse().withStatus(201).withBody("{\"id\":\"n-" + connection + "\"}")));
        JsonNode item = api.post("/api/v1/messages", templated(id, destination)).json().get(0);
        assertThat(item.get("status").asString()).as(item.toString()).isEqualTo("CREATED");
        awaitStatus(api, item.get("id").asString(), "SENT");
        JsonNode notification = JSON.readTree(SERVICE.findAll(postRequestedFor(urlEqualTo(base + "/notifications")))
                .getFirst().getBodyAsString());
        assertThat(notification.get("templateName").asString()).isEqualTo("order_ready");
        assertThat(notification.get("network").asString()).isEqualTo("vkontakte");
        assertThat(notification.get("phone").asString()).isEqualTo("79990000021");
        assertThat(notification.get("templateData")).isEqualTo(JSON.readTree("{\"name\":\"Анна\",\"order\":\"42\"}"));
    }

    @Test
    void odnoklassnikiSendsItsOwnBodysDataAndARejectionIsShown() {
        String base = newService("[]");
        ApiClient api = newAccount();
        connect(api, base, "odnoklassniki");
        SERVICE.stubFor(post(urlEqualTo(base + "/templates")).willReturn(okJson("{\"status\":\"pending\"}")));
        String id = api.post("/api/v1/templates", "{\"name\":\"Order ready OK\",\"channels\":{\"odnoklassniki\":"
                + ORDER_READY.formatted("odnoklassniki-notify") + "}}").json().get("id").asString();
        api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"odnoklassniki\"}");
        listTemplates(base, "[{\"name\":\"order_ready\",\"status\":\"rejected\"}]");

        JsonNode rejected = api.post("/api/v1/templates/" + id + "/moderation/refresh", "{\"channel\":\"odnoklassniki\"}")
                .json();
        assertThat(rejected.at("/moderation/odnoklassniki/state").asString()).isEqualTo("REJECTED");

        // Rejected may be submitted again; approved by the service this time.
        api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"odnoklassniki\"}");
        listTemplates(base, "[{\"name\":\"order_ready\",\"status\":\"approved\",\"text\":\"Здравствуйте, {{name}}! "
                + "Заказ {{order}} готов.\",\"odnoklassnikiText\":\"Здравствуйте, {{name}}! Заказ {{order}} ждёт вас в {{city}}.\"}]");
        api.post("/api/v1/templates/" + id + "/moderation/refresh", "{\"channel\":\"odnoklassniki\"}");
        SERVICE.stubFor(post(urlEqualTo(base + "/notifications")).willReturn(aResponse().withStatus(201).withBody("{\"id\":\"ok-1\"}")));
        JsonNode item = api.post("/api/v1/messages", templated(id,
                "{\"phone\":\"79990000031\",\"variables\":{\"name\":\"Анна\",\"order\":\"42\",\"city\":\"Казань\"}}")).json().get(0);
        awaitStatus(api, item.get("id").asString(), "SENT");
        JsonNode notification = JSON.readTree(SERVICE.findAll(postRequestedFor(urlEqualTo(base + "/notifications")))
                .getFirst().getBodyAsString());
        assertThat(notification.get("templateData"))
                .isEqualTo(JSON.readTree("{\"name\":\"Анна\",\"order\":\"42\",\"city\":\"Казань\"}"));
    }

    @Autowired
    TemplateReviews reviews;

    @Test
    void thePollerFollowsAPendingTemplateWithoutBeingAsked() {
        String base = newService("[]");
        ApiClient api = newAccount();
        connect(api, base, "vkontakte");
        SERVICE.stubFor(post(urlEqualTo(base + "/templates")).willReturn(okJson("{\"status\":\"pending\"}")));
        String id = api.post("/api/v1/templates", "{\"name\":\"Polled\",\"channels\":{\"vkontakte\":"
                + ORDER_READY.formatted("vkontakte-notify") + "}}").json().get("id").asString();
        api.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"vkontakte\"}");
        listTemplates(base, "[{\"name\":\"order_ready\",\"status\":\"approved\"}]");

        // What herald.templates.review-poll-interval runs; other tests' pending templates take their turns too.
        eventually().until(() -> {
            reviews.poll();
            return api.get("/api/v1/templates/" + id).json().at("/moderation/vkontakte/state").asString()
                    .equals("APPROVED");
        });
    }

    @Test
    void badStructuresAre400sNamingTheField() {
        ApiClient api = newAccount();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"templateName\":\"t\",\"text\":\"Hi\",\"vkontakteGroupUrl\":\"https://vk.com/g\"}",
                "channels.vkontakte.email");
        cases.put("{\"templateName\":\"t\",\"email\":\"not-an-email\",\"text\":\"Hi\",\"vkontakteGroupUrl\":\"https://vk.com/g\"}",
                "channels.vkontakte.email");
        cases.put("{\"templateName\":\"t\",\"email\":\"a@b.ru\",\"text\":\"Hi\"}", "channels.vkontakte.vkontakteGroupUrl");
        cases.put("{\"templateName\":\"t\",\"email\":\"a@b.ru\",\"text\":\"Hi\",\"vkontakteGroupUrl\":\"https://evil.example/g\"}",
                "channels.vkontakte.vkontakteGroupUrl");
        cases.put("{\"templateName\":\"t\",\"email\":\"a@b.ru\",\"vkontakteGroupUrl\":\"https://vk.com/g\","
                + "\"odnoklassnikiText\":\"only OK\"}", "channels.vkontakte.text");
        cases.put("{\"templateName\":\"t\",\"email\":\"a@b.ru\",\"text\":\"Hi\",\"vkontakteGroupUrl\":\"https://vk.com/g\","
                + "\"odnoklassnikiGroupUrl\":\"https://vk.com/g\"}", "channels.vkontakte.odnoklassnikiGroupUrl");
        cases.put("{\"templateName\":\"t\",\"email\":\"a@b.ru\",\"text\":\"Hi {{name}}\",\"vkontakteGroupUrl\":"
                + "\"https://vk.com/g\",\"templateData\":[\"x\"]}", "channels.vkontakte.templateData");
        cases.put("{\"email\":\"a@b.ru\",\"text\":\"Hi\",\"vkontakteGroupUrl\":\"https://vk.com/g\"}",
                "channels.vkontakte.templateName");
        cases.put("{\"templateName\":\"t\",\"email\":\"a@b.ru\",\"text\":\"Hi\",\"vkontakteGroupUrl\":\"https://vk.com/g\","
                + "\"body\":\"WhatsApp's\"}", "channels.vkontakte.body");
        cases.forEach((vk, field) -> {
            ApiClient.Response refused = api.post("/api/v1/templates", "{\"name\":\"Bad\",\"channels\":{\"vkontakte\":" + vk + "}}");
            assertThat(refused.status()).as(vk).isEqualTo(400);
            assertThat(names(refused.json().get("errors"))).as(vk + " " + refused.text()).contains(field);
        });
        assertThat(api.get("/api/v1/templates").json().get("count").asInt()).isZero();
    }

    @Test
    void anotherAccountCannotSubmitOrAskAboutTheTemplate() {
        String base = newService("[]");
        ApiClient owner = newAccount();
        ApiClient other = newAccount();
        connect(owner, base, "vkontakte");
        connect(other, base, "vkontakte");
        SERVICE.stubFor(post(urlEqualTo(base + "/templates")).willReturn(okJson("{\"status\":\"pending\"}")));
        String id = owner.post("/api/v1/templates", "{\"name\":\"Mine\",\"channels\":{\"vkontakte\":"
                + ORDER_READY.formatted("vkontakte-notify") + "}}").json().get("id").asString();

        assertThat(other.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"vkontakte\"}").status())
                .isEqualTo(404);
        owner.post("/api/v1/templates/" + id + "/moderation/submit", "{\"channel\":\"vkontakte\"}");
        assertThat(other.post("/api/v1/templates/" + id + "/moderation/refresh", "{\"channel\":\"vkontakte\"}").status())
                .isEqualTo(404);
        // The other account's own template of the same name is its own: refreshing it does not touch the owner's.
        String others = other.post("/api/v1/templates", "{\"name\":\"Theirs\",\"channels\":{\"vkontakte\":"
                + ORDER_READY.formatted("vkontakte-notify") + "}}").json().get("id").asString();
        other.post("/api/v1/templates/" + others + "/moderation/submit", "{\"channel\":\"vkontakte\"}");
        listTemplates(base, "[{\"name\":\"order_ready\",\"status\":\"approved\"}]");
        other.post("/api/v1/templates/" + others + "/moderation/refresh", "{\"channel\":\"vkontakte\"}");
        assertThat(owner.get("/api/v1/templates/" + id).json().at("/moderation/vkontakte/state").asString())
                .isEqualTo("PENDING");
    }

    private static String newService(String items) {
        String base = "/notify" + SERVICES.incrementAndGet();
        listTemplates(base, items);
        return base;
    }

    private static void listTemplates(String base, String items) {
        SERVICE.stubFor(get(urlEqualTo(base + "/templates")).withHeader("Authorization", equalTo("Bearer token-1"))
                .willReturn(okJson("{\"items\": " + items + "}")));
    }

    private static String connect(ApiClient api, String base, String channel) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("baseUrl", SERVICE.baseUrl() + base);
        settings.put("accessToken", "token-1");
        settings.put("service", "twin_important");
        settings.put("templateCacheMs", "0");
        ApiClient.Response response = api.postJson("/api/v1/providers",
                Map.of("name", channel + "-notify", "type", "vk-notify", "channel", channel, "settings", settings));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String templated(String templateId, String destination) {
        return "{\"messages\":[{\"templateId\":\"" + templateId + "\",\"destinations\":[" + destination + "]}]}";
    }

    private static List<String> names(JsonNode errors) {
        return StreamSupport.stream(errors.spliterator(), false).map(n -> n.get("field").asString()).toList();
    }
}
