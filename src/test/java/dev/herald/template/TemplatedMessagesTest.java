package dev.herald.template;

import static dev.herald.template.TemplateApiTest.problem;
import static dev.herald.template.TemplateApiTest.template;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Message groups with templateId: channels and texts from the template, variables from each destination. */
class TemplatedMessagesTest extends HeraldTest {

    @Test
    void theReferencesRequestWithATemplateIdSendsTheTemplatesTextAndIgnoresTheRequestsText() {
        ApiClient api = newAccount();
        String id = create(api, "Reminder", "{\"sms\":{\"text\":\"Здравствуйте, {{name}}! Ваш визит завтра.\"}}");

        // As TWIN's "Create message batch" form fills it: templateId, a phone, the sms channel with text and from.
        ApiClient.Response response = api.post("/api/v1/messages", """
                {"messages": [{"templateId": "%s",
                               "destinations": [{"phone": "74992868344", "variables": {"name": "Иван"}}],
                               "channels": {"sms": {"text": "string", "from": "TwinService"}}}]}""".formatted(id));

        assertThat(response.status()).isEqualTo(201);
        JsonNode item = response.json().get(0);
        assertThat(item.get("status").asString()).isEqualTo("CREATED");
        assertThat(item.get("channel").asString()).isEqualTo("SMS");
        awaitStatus(api, item.get("id").asString(), "DELIVERED");
        JsonNode sent = sandbox(api, "sms").getFirst();
        assertThat(sent.at("/content/text").asString()).isEqualTo("Здравствуйте, Иван! Ваш визит завтра.");
        assertThat(sent.at("/content/from").asString()).isEqualTo("TwinService");
        assertThat(groupTemplate(item)).isEqualTo(id + "@1");
    }

    @Test
    void aMessageKeepsTheVersionItWasSentWith() {
        ApiClient api = newAccount();
        String id = create(api, "Versioned", "{\"sms\":{\"text\":\"v1 for {{name}}\"}}");
        String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).toString();
        JsonNode early = api.post("/api/v1/messages", """
                {"messages": [{"templateId": "%s", "sendAt": "%s",
                               "destinations": [{"phone": "79001110001", "variables": {"name": "Ann"}}]}]}"""
                .formatted(id, sendAt)).json().get(0);
        assertThat(early.get("status").asString()).isEqualTo("DELAYED");

        api.put("/api/v1/templates/" + id, template("Versioned", "{\"sms\":{\"text\":\"v2 for {{name}}\"}}"));
        JsonNode late = api.post("/api/v1/messages", templated(id, "{\"phone\":\"79001110002\",\"variables\":{\"name\":\"Bob\"}}"))
                .json().get(0);

        awaitStatus(api, early.get("id").asString(), "DELIVERED");
        awaitStatus(api, late.get("id").asString(), "DELIVERED");
        assertThat(sandbox(api, "sms")).extracting(m -> m.get("address").asString() + ": " + m.at("/content/text").asString())
                .containsExactlyInAnyOrder("79001110001: v1 for Ann", "79001110002: v2 for Bob");
        assertThat(groupTemplate(early)).isEqualTo(id + "@1");
        assertThat(groupTemplate(late)).isEqualTo(id + "@2");
    }

    @Test
    void aDestinationWithoutAVariableFailsAloneNamingIt() {
        ApiClient api = newAccount();
        String id = create(api, "Greeting", "{\"sms\":{\"text\":\"Hi {{name}}, your code is {{code}}\"}}");

        JsonNode items = api.post("/api/v1/messages", templated(id,
                "{\"phone\":\"79001110011\",\"variables\":{\"name\":\"Ann\",\"code\":1234}},"
                        + "{\"phone\":\"79001110012\",\"variables\":{\"name\":\"Bob\"}},"
                        + "{\"phone\":\"79001110013\",\"variables\":{\"name\":\"Cy\",\"code\":\"\"}}")).json();

        assertThat(items.get(0).get("status").asString()).isEqualTo("CREATED");
        assertThat(items.get(1).get("status").asString()).isEqualTo("FAILED");
        assertThat(items.get(1).at("/error/code").asString()).isEqualTo("MISSING_VARIABLE");
        assertThat(items.get(1).at("/error/message").asString()).contains("'code'").contains("sms");
        assertThat(items.get(2).get("status").asString()).isEqualTo("CREATED");
        assertThat(api.get("/api/v1/messages/" + items.get(1).get("id").asString()).json().get("status").asString())
                .isEqualTo("FAILED");
        awaitStatus(api, items.get(0).get("id").asString(), "DELIVERED");
        awaitStatus(api, items.get(2).get("id").asString(), "DELIVERED");
        assertThat(sandbox(api, "sms")).extracting(m -> m.at("/content/text").asString())
                .containsExactlyInAnyOrder("Hi Ann, your code is 1234", "Hi Cy, your code is ");
    }

    @Test
    void variablesAreHtmlEscapedInEmailHtmlAndRawEverywhereElse() {
        ApiClient api = newAccount();
        String id = create(api, "Escaping", """
                {"sms": {"text": "Hi {{name}}"},
                 "email": {"subject": "For {{name}}", "html": "<p>Hi {{name}}</p><p>{{{banner}}}</p>",
                           "text": "Hi {{name}}", "required": true}}""");

        JsonNode item = api.post("/api/v1/messages", templated(id, """
                {"phone": "79001110021", "email": "tom@example.com",
                 "variables": {"name": "<b>Tom & \\"Jerry\\"</b>", "banner": "<img src=x>"}}""")).json().get(0);

        eventually().until(() -> sandbox(api, null).size() == 2);
        JsonNode sms = sandbox(api, "sms").getFirst();
        JsonNode email = sandbox(api, "email").getFirst();
        assertThat(sms.at("/content/text").asString()).isEqualTo("Hi <b>Tom & \"Jerry\"</b>");
        assertThat(email.at("/content/html").asString())
                .isEqualTo("<p>Hi &lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;</p><p><img src=x></p>");
        assertThat(email.at("/content/subject").asString()).isEqualTo("For <b>Tom & \"Jerry\"</b>");
        assertThat(email.at("/content/text").asString()).isEqualTo("Hi <b>Tom & \"Jerry\"</b>");
        assertThat(item.get("channel").asString()).isEqualTo("SMS");
    }

    @Test
    void laterCascadeChannelsSendTheDestinationsOwnRenderedTexts() {
        ApiClient api = newAccount();
        String id = create(api, "Cascade", "{\"viber\":{\"text\":\"Viber {{name}}\"},\"sms\":{\"text\":\"SMS {{name}}\"}}");

        // The sandbox refuses addresses ending in 9, so viber fails and the flow falls over to sms.
        JsonNode items = api.post("/api/v1/messages", templated(id,
                "{\"phone\":\"79001110029\",\"messengerUserId\":\"viber-9\",\"variables\":{\"name\":\"Ann\"}},"
                        + "{\"phone\":\"79001110031\",\"messengerUserId\":\"viber-9\",\"variables\":{\"name\":\"Bob\"}}"))
                .json();

        eventually().until(() -> sandbox(api, "sms").size() == 2);
        assertThat(items.get(0).get("channel").asString()).isEqualTo("VIBER");
        assertThat(sandbox(api, "sms")).extracting(m -> m.get("address").asString() + ": " + m.at("/content/text").asString())
                .containsExactlyInAnyOrder("79001110029: SMS Ann", "79001110031: SMS Bob");
    }

    @Test
    void onlyApprovedModeratedChannelsAreSent() {
        ApiClient api = newAccount();
        String cascade = create(api, "WhatsApp first", """
                {"whatsapp": {"templateName": "order_shipped", "templateData": {"name": "{{name}}"}},
                 "sms": {"text": "Shipped, {{name}}"}}""");
        String alone = create(api, "WhatsApp only",
                "{\"whatsapp\":{\"templateName\":\"order_shipped\",\"templateData\":[\"{{name}}\"]}}");
        String destination = "{\"phone\":\"79001110041\",\"messengerUserId\":\"wa-1\",\"variables\":{\"name\":\"Ann\"}}";

        JsonNode skipped = api.post("/api/v1/messages", templated(cascade, destination)).json().get(0);
        JsonNode refused = api.post("/api/v1/messages", templated(alone, destination)).json().get(0);

        assertThat(skipped.get("channel").asString()).isEqualTo("SMS");
        assertThat(skipped.get("status").asString()).isEqualTo("CREATED");
        assertThat(refused.get("status").asString()).isEqualTo("FAILED");
        assertThat(refused.at("/error/code").asString()).isEqualTo("TEMPLATE_NOT_APPROVED");
        assertThat(refused.at("/error/message").asString()).contains("whatsapp (DRAFT)");

        for (String state : List.of("PENDING", "APPROVED")) {
            api.post("/api/v1/templates/" + alone + "/moderation", "{\"channel\":\"whatsapp\",\"state\":\"" + state + "\"}");
        }
        JsonNode approved = api.post("/api/v1/messages", templated(alone, destination)).json().get(0);
        assertThat(approved.get("channel").asString()).isEqualTo("WHATSAPP");
        awaitStatus(api, approved.get("id").asString(), "DELIVERED");
        JsonNode sent = sandbox(api, "whatsapp").getFirst();
        assertThat(sent.at("/content/templateName").asString()).isEqualTo("order_shipped");
        assertThat(sent.at("/content/templateData/0").asString()).isEqualTo("Ann");
    }

    @Test
    void theRequestMayOnlyChangeHowTheTemplatesChannelsAreDelivered() {
        ApiClient api = newAccount();
        String id = create(api, "Overrides", "{\"sms\":{\"text\":\"T {{x}}\",\"from\":\"Shop\"},\"email\":{\"text\":\"E\"}}");

        JsonNode item = api.post("/api/v1/messages", """
                {"messages": [{"templateId": "%s", "channels": {"sms": {"validityPeriod": 5, "provider": "TWIN",
                                                                         "text": "ignored", "from": "Other"}},
                               "destinations": [{"phone": "79001110051", "variables": {"x": "1"}}]}]}"""
                .formatted(id)).json().get(0);
        awaitStatus(api, item.get("id").asString(), "DELIVERED");
        assertThat(sandbox(api, "sms").getFirst().at("/content/text").asString()).isEqualTo("T 1");
        assertThat(sandbox(api, "sms").getFirst().at("/content/from").asString()).isEqualTo("Other");

        ApiClient.Response foreign = api.post("/api/v1/messages", """
                {"messages": [{"templateId": "%s", "channels": {"viber": {"text": "x"}},
                               "destinations": [{"phone": "79001110052"}]}]}""".formatted(id));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(problem(foreign.json(), "messages[0].channels.viber").get("message").asString())
                .contains("has no viber channel").contains("sms, email");
    }

    @Test
    void unknownDeletedOrMalformedTemplateIdsAreRefused() {
        ApiClient api = newAccount();
        String deleted = create(api, "Deleted", "{\"sms\":{\"text\":\"x\"}}");
        api.delete("/api/v1/templates/" + deleted);
        String destination = "{\"phone\":\"79001110061\"}";

        for (String templateId : List.of(deleted, UUID.randomUUID().toString())) {
            ApiClient.Response response = api.post("/api/v1/messages", templated(templateId, destination));
            assertThat(response.status()).isEqualTo(400);
            assertThat(problem(response.json(), "messages[0].templateId").get("message").asString())
                    .isEqualTo("no template with this id");
        }
        ApiClient.Response malformed = api.post("/api/v1/messages", templated("tpl-1", destination));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(problem(malformed.json(), "messages[0].templateId").get("message").asString()).contains("UUID");
        assertThat(api.get("/api/v1/messages").json().get("count").asInt()).isZero();
    }

    @Test
    void aTemplateSendsThroughTheAccountsConnectionItNamesUntilTheConnectionIsDeleted() {
        GATEWAY.stubFor(post(urlEqualTo("/tpl-gw/messages")).willReturn(aResponse().withStatus(200).withBody("{}")));
        ApiClient api = newAccount();
        ApiClient.Response connected = api.postJson("/api/v1/providers", Map.of("name", "my-gateway", "type", "http",
                "channel", "sms", "settings", Map.of("baseUrl", GATEWAY.baseUrl() + "/tpl-gw")));
        assertThat(connected.status()).as(connected.text()).isEqualTo(201);
        String id = create(api, "Through my gateway",
                "{\"sms\":{\"text\":\"Code {{code}}: https://example.com/codes/enter-yours-here\",\"provider\":\"my-gateway\"}}");

        JsonNode item = api.post("/api/v1/messages", templated(id, "{\"phone\":\"79001110071\",\"variables\":{\"code\":\"77\"}}"))
                .json().get(0);

        awaitStatus(api, item.get("id").asString(), "SENT");
        GATEWAY.verify(postRequestedFor(urlEqualTo("/tpl-gw/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo("79001110071")))
                .withRequestBody(matchingJsonPath("$.text", matching("Code 77: http://.+/l/[0-9A-Za-z]{10}"))));

        api.delete("/api/v1/providers/" + connected.json().get("id").asString());
        ApiClient.Response orphaned = api.post("/api/v1/messages", templated(id, "{\"phone\":\"79001110072\"}"));
        assertThat(orphaned.status()).isEqualTo(400);
        assertThat(problem(orphaned.json(), "messages[0].templateId").get("message").asString())
                .contains("provider 'my-gateway'");
    }

    private static String create(ApiClient api, String name, String channels) {
        ApiClient.Response created = api.post("/api/v1/templates", template(name, channels));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String templated(String templateId, String destinations) {
        return "{\"messages\":[{\"templateId\":\"" + templateId + "\",\"destinations\":[" + destinations + "]}]}";
    }

    private String groupTemplate(JsonNode item) {
        return jdbc.sql("SELECT template_id || '@' || template_version FROM message_group WHERE id = ?::uuid")
                .param(item.get("groupId").asString()).query(String.class).single();
    }

    private static List<JsonNode> sandbox(ApiClient api, String channel) {
        JsonNode items = api.get("/api/v1/sandbox/messages" + (channel == null ? "" : "?channel=" + channel)).json()
                .get("items");
        return StreamSupport.stream(items.spliterator(), false).toList();
    }
}
