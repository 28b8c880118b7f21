package dev.herald.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Creating, reading, versioning and deleting templates; what is refused at save; one account's templates only. */
class TemplateApiTest extends HeraldTest {

    private static final String ORDER_CHANNELS = """
            {"sms": {"text": "Hi {{name}}, order {{order}} has shipped", "from": "Shop"},
             "email": {"subject": "Order {{order}}", "html": "<p>Hi {{name}}</p>", "text": "Hi {{name}}"}}""";

    @Test
    void aTemplateIsCreatedAndReadWithItsChannelsInOrderAndItsVariables() {
        ApiClient api = newAccount();
        ApiClient.Response created = api.post("/api/v1/templates", template("Order shipped", ORDER_CHANNELS));

        assertThat(created.status()).isEqualTo(201);
        JsonNode template = created.json();
        assertThat(template.get("version").asInt()).isEqualTo(1);
        assertThat(template.get("currentVersion").asInt()).isEqualTo(1);
        assertThat(template.get("name").asString()).isEqualTo("Order shipped");
        assertThat(template.get("channels").propertyNames()).containsExactly("sms", "email");
        assertThat(template.at("/channels/sms/text").asString()).isEqualTo("Hi {{name}}, order {{order}} has shipped");
        assertThat(names(template.get("variables"))).containsExactly("name", "order");
        assertThat(template.has("moderation")).isFalse();

        JsonNode read = api.get("/api/v1/templates/" + template.get("id").asString()).json();
        assertThat(read).isEqualTo(template);
    }

    @Test
    void everyUpdateIsANewVersionAndEarlierVersionsStayReadable() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/templates", template("Welcome", "{\"sms\":{\"text\":\"Hello {{name}}\"}}"))
                .json().get("id").asString();

        ApiClient.Response updated = api.put("/api/v1/templates/" + id,
                template("Welcome", "{\"sms\":{\"text\":\"Hello again, {{name}}\"}}"));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/templates/" + id).json().at("/channels/sms/text").asString())
                .isEqualTo("Hello again, {{name}}");
        JsonNode first = api.get("/api/v1/templates/" + id + "?version=1").json();
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.get("currentVersion").asInt()).isEqualTo(2);
        assertThat(first.at("/channels/sms/text").asString()).isEqualTo("Hello {{name}}");
        JsonNode versions = api.get("/api/v1/templates/" + id + "/versions").json();
        assertThat(versions.get("count").asInt()).isEqualTo(2);
        assertThat(versions.at("/items/0/version").asInt()).isEqualTo(2);
    }

    @Test
    void anUpdateBasedOnAnOlderVersionIsAConflict() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/templates", template("Promo", "{\"sms\":{\"text\":\"A\"}}")).json().get("id").asString();
        api.put("/api/v1/templates/" + id, "{\"name\":\"Promo\",\"version\":1,\"channels\":{\"sms\":{\"text\":\"B\"}}}");

        ApiClient.Response stale = api.put("/api/v1/templates/" + id,
                "{\"name\":\"Promo\",\"version\":1,\"channels\":{\"sms\":{\"text\":\"C\"}}}");

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("detail").asString()).contains("version 2");
        assertThat(api.get("/api/v1/templates/" + id).json().at("/channels/sms/text").asString()).isEqualTo("B");
    }

    @Test
    void listsAreSearchedByNameAndPaged() {
        ApiClient api = newAccount();
        api.post("/api/v1/templates", template("Order shipped", "{\"sms\":{\"text\":\"a\"}}"));
        api.post("/api/v1/templates", template("Order delivered", "{\"sms\":{\"text\":\"b\"}}"));
        api.post("/api/v1/templates", template("Birthday 100%", "{\"sms\":{\"text\":\"c\"}}"));

        JsonNode orders = api.get("/api/v1/templates?name=order").json();
        assertThat(orders.get("count").asInt()).isEqualTo(2);
        assertThat(names(orders.get("items"), "name")).containsExactly("Order delivered", "Order shipped");
        assertThat(api.get("/api/v1/templates?name=100%25").json().get("count").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/templates?name=0_").json().get("count").asInt()).isZero();
        JsonNode page = api.get("/api/v1/templates?limit=2&page=1").json();
        assertThat(page.get("count").asInt()).isEqualTo(3);
        assertThat(names(page.get("items"), "name")).containsExactly("Order shipped");
    }

    @Test
    void aDeletedTemplateIsGoneAndItsNameFree() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/templates", template("Gone", "{\"sms\":{\"text\":\"x\"}}")).json().get("id").asString();

        assertThat(api.delete("/api/v1/templates/" + id).status()).isEqualTo(204);

        assertThat(api.get("/api/v1/templates/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/templates/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/templates").json().get("count").asInt()).isZero();
        assertThat(api.post("/api/v1/templates", template("Gone", "{\"sms\":{\"text\":\"y\"}}")).status()).isEqualTo(201);
    }

    @Test
    void namesAreUniquePerAccount() {
        ApiClient api = newAccount();
        api.post("/api/v1/templates", template("Twice", "{\"sms\":{\"text\":\"x\"}}"));

        ApiClient.Response again = api.post("/api/v1/templates", template("twice", "{\"sms\":{\"text\":\"y\"}}"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(newAccount().post("/api/v1/templates", template("Twice", "{\"sms\":{\"text\":\"z\"}}")).status())
                .isEqualTo(201);
    }

    @Test
    void brokenTemplatesAreRefusedWithEveryProblemNamed() {
        ApiClient api = newAccount();
        ApiClient.Response refused = api.post("/api/v1/templates", template("", """
                {"sms": {"text": "Hi {{name}"},
                 "email": {"subject": "x", "html": "{{#vip}}VIP"},
                 "push": {"title": "{{> header}}"},
                 "fax": {"text": "x"},
                 "viber": {"from": "Shop"},
                 "whatsapp": {"text": "{{}}"},
                 "telegram": {"text": "%s"}}""".formatted("x".repeat(4097))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        List<String> fields = names(refused.json().get("errors"), "field");
        assertThat(fields).containsExactlyInAnyOrder("name", "channels.sms.text", "channels.email.html",
                "channels.push.title", "channels.fax", "channels.viber.text", "channels.whatsapp.text",
                "channels.telegram.text");
        assertThat(problem(refused.json(), "channels.sms.text").get("message").asString())
                .contains("is not a valid template").contains("not closed");
        assertThat(problem(refused.json(), "channels.email.html").get("message").asString())
                .contains("missing close tag").contains("line 1");
        assertThat(problem(refused.json(), "channels.whatsapp.text").get("message").asString())
                .contains("is not a valid template");
        assertThat(problem(refused.json(), "channels.push.title").get("message").asString()).contains("partials");
    }

    @Test
    void anotherAccountCannotSeeChangeOrUseATemplate() {
        ApiClient owner = newAccount();
        ApiClient other = newAccount();
        String id = owner.post("/api/v1/templates", template("Mine", "{\"sms\":{\"text\":\"secret {{code}}\"}}"))
                .json().get("id").asString();

        assertThat(other.get("/api/v1/templates/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/templates").json().get("count").asInt()).isZero();
        assertThat(other.put("/api/v1/templates/" + id, template("Theirs", "{\"sms\":{\"text\":\"x\"}}")).status())
                .isEqualTo(404);
        assertThat(other.delete("/api/v1/templates/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/templates/" + id + "/preview?code=1").status()).isEqualTo(404);
        assertThat(other.post("/api/v1/templates/" + id + "/moderation", "{\"channel\":\"sms\",\"state\":\"PENDING\"}")
                .status()).isEqualTo(404);
        ApiClient.Response send = other.post("/api/v1/messages",
                "{\"messages\":[{\"templateId\":\"" + id + "\",\"destinations\":[{\"phone\":\"79001112201\"}]}]}");
        assertThat(send.status()).isEqualTo(400);
        assertThat(problem(send.json(), "messages[0].templateId").get("message").asString()).isEqualTo("no template with this id");
        assertThat(owner.get("/api/v1/templates/" + id).json().at("/channels/sms/text").asString()).isEqualTo("secret {{code}}");
    }

    @Test
    void moderatedChannelsStartAsDraftAndMoveOnlyAlongAllowedSteps() {
        ApiClient api = newAccount();
        JsonNode created = api.post("/api/v1/templates", template("Moderated", """
                {"whatsapp": {"templateName": "order_shipped", "templateData": {"name": "{{name}}"}},
                 "vkontakte": {"text": "Hi {{name}}"},
                 "sms": {"text": "Hi {{name}}"}}""")).json();
        String id = created.get("id").asString();
        assertThat(created.get("moderation").propertyNames()).containsExactly("whatsapp", "vkontakte");
        assertThat(created.at("/moderation/whatsapp/state").asString()).isEqualTo("DRAFT");

        ApiClient.Response skipped = moderate(api, id, "whatsapp", "APPROVED");
        assertThat(skipped.status()).isEqualTo(409);
        assertThat(skipped.json().get("detail").asString()).contains("DRAFT").contains("PENDING");

        assertThat(moderate(api, id, "whatsapp", "PENDING").json().at("/moderation/whatsapp/state").asString())
                .isEqualTo("PENDING");
        JsonNode rejected = api.post("/api/v1/templates/" + id + "/moderation",
                "{\"channel\":\"whatsapp\",\"state\":\"REJECTED\",\"reason\":\"Looks like spam\"}").json();
        assertThat(rejected.at("/moderation/whatsapp/state").asString()).isEqualTo("REJECTED");
        assertThat(rejected.at("/moderation/whatsapp/reason").asString()).isEqualTo("Looks like spam");
        moderate(api, id, "whatsapp", "PENDING");
        assertThat(moderate(api, id, "whatsapp", "APPROVED").json().at("/moderation/whatsapp/state").asString())
                .isEqualTo("APPROVED");

        assertThat(moderate(api, id, "sms", "PENDING").status()).isEqualTo(400);
        assertThat(moderate(api, id, "email", "PENDING").status()).isEqualTo(400);
        assertThat(moderate(api, id, "whatsapp", "MAYBE").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/templates/" + id + "/moderation",
                "{\"channel\":\"vkontakte\",\"state\":\"PENDING\",\"version\":7}").status()).isEqualTo(409);
    }

    @Test
    void aNewVersionKeepsApprovalsOfUnchangedModeratedChannelsOnly() {
        ApiClient api = newAccount();
        String channels = """
                {"whatsapp": {"templateName": "order_shipped", "templateData": {"name": "{{name}}"}},
                 "vkontakte": {"text": "Hi {{name}}"}}""";
        String id = api.post("/api/v1/templates", template("Approved", channels)).json().get("id").asString();
        for (String channel : List.of("whatsapp", "vkontakte")) {
            moderate(api, id, channel, "PENDING");
            moderate(api, id, channel, "APPROVED");
        }

        JsonNode updated = api.put("/api/v1/templates/" + id, template("Approved", """
                {"whatsapp": {"templateName": "order_shipped", "templateData": {"name": "{{name}}"}, "validityPeriod": 30},
                 "vkontakte": {"text": "Hello {{name}}"}}""")).json();

        assertThat(updated.at("/moderation/whatsapp/state").asString()).isEqualTo("APPROVED");
        assertThat(updated.at("/moderation/vkontakte/state").asString()).isEqualTo("DRAFT");
    }

    @Test
    void aPreviewRendersEveryChannelWithTheSmsPartsAndEncoding() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/templates", template("Preview", """
                {"sms": {"text": "Привет, {{name}}! Заказ {{order}}"},
                 "email": {"subject": "Order {{order}}", "html": "<b>{{name}}</b>"},
                 "telegram": {"text": "Code {{code}}"}}""")).json().get("id").asString();

        JsonNode preview = api.get("/api/v1/templates/" + id + "/preview?name="
                + URLEncoder.encode("<Иван>", StandardCharsets.UTF_8) + "&order=42").json();

        assertThat(preview.get("version").asInt()).isEqualTo(1);
        assertThat(preview.at("/channels/sms/content/text").asString()).isEqualTo("Привет, <Иван>! Заказ 42");
        assertThat(preview.at("/channels/sms/sms/encoding").asString()).isEqualTo("UCS2");
        assertThat(preview.at("/channels/sms/sms/partCount").asInt()).isEqualTo(1);
        assertThat(preview.at("/channels/sms/content/from").asString()).isNotBlank();
        assertThat(preview.at("/channels/email/content/html").asString()).isEqualTo("<b>&lt;Иван&gt;</b>");
        assertThat(preview.at("/channels/email/content/subject").asString()).isEqualTo("Order 42");
        assertThat(preview.at("/channels/telegram/error/code").asString()).isEqualTo("MISSING_VARIABLE");
        assertThat(preview.at("/channels/telegram/error/message").asString()).contains("'code'");

        JsonNode posted = api.post("/api/v1/templates/" + id + "/preview",
                "{\"variables\":{\"name\":\"Ivan\",\"order\":7,\"code\":\"1234\"}}").json();
        assertThat(posted.at("/channels/telegram/content/text").asString()).isEqualTo("Code 1234");
        assertThat(posted.at("/channels/sms/content/text").asString()).isEqualTo("Привет, Ivan! Заказ 7");
    }

    @Test
    void aPreviewCountsSmsPartsAfterLinksAreShortened() {
        ApiClient api = newAccount();
        String longUrl = "https://shop.example.com/orders/track?order=" + "1234567890".repeat(14);
        String id = api.post("/api/v1/templates", template("Links",
                "{\"sms\":{\"text\":\"Track {{order}}: " + longUrl + "\"}}")).json().get("id").asString();

        JsonNode shortened = api.post("/api/v1/templates/" + id + "/preview", "{\"variables\":{\"order\":\"A1\"}}").json();
        JsonNode original = api.post("/api/v1/templates/" + id + "/preview",
                "{\"variables\":{\"order\":\"A1\"},\"useShortLinks\":false}").json();

        assertThat(original.at("/channels/sms/sms/partCount").asInt()).isEqualTo(2);
        assertThat(original.at("/channels/sms/sms/encoding").asString()).isEqualTo("GSM7");
        String text = shortened.at("/channels/sms/content/text").asString();
        assertThat(text).startsWith("Track A1: http").doesNotContain("shop.example.com").matches(".*/l/x{10}$");
        assertThat(shortened.at("/channels/sms/sms/partCount").asInt()).isEqualTo(1);
        assertThat(shortened.at("/channels/sms/sms/length").asInt()).isEqualTo(text.length());
    }

    private static ApiClient.Response moderate(ApiClient api, String id, String channel, String state) {
        return api.post("/api/v1/templates/" + id + "/moderation",
                "{\"channel\":\"" + channel + "\",\"state\":\"" + state + "\"}");
    }

    static String template(String name, String channels) {
        return "{\"name\":" + ApiClient.json(name) + ",\"channels\":" + channels + "}";
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    private static List<String> names(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asString()).toList();
    }

    static JsonNode problem(JsonNode problem, String field) {
        return StreamSupport.stream(problem.get("errors").spliterator(), false)
                .filter(e -> e.get("field").asString().equals(field))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no problem for " + field + " in " + problem));
    }
}
