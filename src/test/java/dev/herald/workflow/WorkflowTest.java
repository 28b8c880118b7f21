package dev.herald.workflow;

import static dev.herald.group.GroupFixtures.contact;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ClockTest;
import dev.herald.auth.AccountId;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Workflows end to end through HTTP with an injected clock: the abandoned cart (event, wait for orderPaid, else
 * e-mail, wait a day, else SMS with a short link, click recorded), stop events, re-entry, versions, bad definitions
 * and another account's workflows. Events are posted to the events API ({@code POST /api/v1/event}), which hands
 * them to the engine in the transaction that stores them.
 */
class WorkflowTest extends ClockTest {

    private static final Pattern SHORT_LINK = Pattern.compile("/l/([0-9A-Za-z]+)");

    private record Tenant(AccountId account, ApiClient api) {}

    private Tenant tenant() {
        AccountId account = accounts.create("test-" + UUID.randomUUID(), ZoneId.of("UTC"));
        return new Tenant(account, new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token()));
    }

    /** Posts an event over HTTP (the events API), for the contact named by the {@code contactId} parameter. */
    private static void event(Tenant t, String type, long contact, Map<String, Object> params) {
        List<Map<String, Object>> list = new java.util.ArrayList<>();
        list.add(Map.of("name", "contactId", "value", String.valueOf(contact)));
        params.forEach((name, value) -> list.add(Map.of("name", name, "value", value)));
        ApiClient.Response posted = t.api().post("/api/v1/event", ApiClient.json(Map.of("eventTypeKey", type, "params", list)));
        assertThat(posted.status()).as(posted.text()).isEqualTo(200);
    }

    private static final String CART = """
            {"name":"Abandoned cart",
             "trigger":{"type":"event","eventTypeKey":"cartAbandoned","conditions":[{"param":"total","op":"gt","value":100}]},
             "reentry":"always","stopEvents":["unsubscribedAll"],"start":"wait1",
             "steps":{
               "wait1":{"type":"waitForEvent","eventTypeKey":"orderPaid","timeout":"PT1H","onEvent":"end","onTimeout":"mail1"},
               "mail1":{"type":"send","templateId":"MAIL","next":"wait2"},
               "wait2":{"type":"waitForEvent","eventTypeKey":"orderPaid","timeout":"P1D","onEvent":"end","onTimeout":"sms1"},
               "sms1":{"type":"send","useShortLinks":true,"templateId":"SMS","next":"end"},
               "end":{"type":"stop"}}}""";

    /** The cart workflow with its two templates made in the tenant's account. */
    private static String cart(Tenant t) {
        String mail = template(t, "{\"email\":{\"subject\":\"Your cart\",\"text\":\"{{firstName}}, your cart of {{event.total}} waits\"}}");
        String sms = template(t, "{\"sms\":{\"useShortLinks\":true,\"text\":\"Still yours: https://shop.example.com/cart/{{event.cartId}}?utm_source=workflow&utm_medium=sms&utm_campaign=abandoned-cart\"}}");
        return CART.replace("MAIL", mail).replace("\"SMS\"", "\"" + sms + "\"");
    }

    private static String template(Tenant t, String channels) {
        ApiClient.Response created = t.api().post("/api/v1/templates", "{\"name\":\"t-" + UUID.randomUUID()
                + "\",\"channels\":" + channels + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static JsonNode awaitRun(ApiClient api, long workflow, String step, String status) {
        eventually().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode runs = api.get("/api/v1/workflows/" + workflow + "/runs").json();
            return runs.size() > 0 && runs.get(0).get("step").asString().equals(step)
                    && runs.get(0).get("status").asString().equals(status);
        });
        return api.get("/api/v1/workflows/" + workflow + "/runs").json().get(0);
    }

    @Test
    void anAbandonedCartMailsAfterAnHourThenTextsALinkAfterADayAndTheClickIsCounted() {
        Tenant t = tenant();
        long anna = contact(t.api(), "{\"firstName\":\"Anna\",\"email\":\"anna@shop.example\",\"phone\":\"79993000001\"}");
        long boris = contact(t.api(), "{\"firstName\":\"Boris\",\"email\":\"boris@shop.example\"}");
        ApiClient.Response created = t.api().post("/api/v1/workflows", cart(t));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long workflow = created.json().get("id").asLong();

        event(t, "cartAbandoned", anna, Map.of("total", 150, "cartId", "c42"));
        event(t, "cartAbandoned", boris, Map.of("total", 50, "cartId", "c43"));
        JsonNode run = awaitRun(t.api(), workflow, "wait1", "ACTIVE");
        assertThat(t.api().get("/api/v1/workflows/" + workflow + "/runs").json().size()).as("boris's cart is too small").isEqualTo(1);
        assertThat(run.get("contactId").asLong()).isEqualTo(anna);

        clock.advance(Duration.ofMinutes(61));
        awaitRun(t.api(), workflow, "wait2", "ACTIVE");
        eventually().until(() -> t.api().get("/api/v1/sandbox/messages?channel=email").json().get("items").size() == 1);
        assertThat(t.api().get("/api/v1/sandbox/messages?channel=email").json().get("items").findValuesAsString("text"))
                .containsExactly("Anna, your cart of 150 waits");

        clock.advance(Duration.ofHours(25));
        JsonNode done = awaitRun(t.api(), workflow, "end", "COMPLETED");
        eventually().until(() -> t.api().get("/api/v1/sandbox/messages?channel=sms").json().get("items").size() == 1);
        String sms = t.api().get("/api/v1/sandbox/messages?channel=sms").json().at("/items/0/content/text").asString();
        Matcher link = SHORT_LINK.matcher(sms);
        assertThat(link.find()).as(sms).isTrue();
        assertThat(anonymous().get("/l/" + link.group(1)).status()).isIn(301, 302, 303, 307, 308);

        assertThat(done.get("steps").findValuesAsString("step")).containsExactly("wait1", "mail1", "wait2", "sms1", "end");
        assertThat(done.get("steps").findValuesAsString("outcome")).containsExactly("timeout", "sent", "timeout", "sent", "completed");
        assertThat(t.api().get("/api/v1/contact/" + anna + "/workflow-runs").json().get(0).get("id").asLong())
                .isEqualTo(done.get("id").asLong());
        eventually().until(() -> t.api().get("/api/v1/workflows/" + workflow + "/stats").json().at("/steps/sms1/clicked").asInt() == 1);
        JsonNode stats = t.api().get("/api/v1/workflows/" + workflow + "/stats").json();
        assertThat(stats.at("/steps/mail1/sent").asInt()).isEqualTo(1);
        assertThat(stats.at("/steps/wait1/entered").asInt()).isEqualTo(1);
        assertThat(stats.at("/runsByStatus/COMPLETED").asInt()).isEqualTo(1);
    }

    @Test
    void theAwaitedEventTakesItsBranchAndAStopEventEndsARun() {
        Tenant t = tenant();
        long anna = contact(t.api(), "{\"firstName\":\"Anna\",\"email\":\"anna2@shop.example\"}");
        long boris = contact(t.api(), "{\"firstName\":\"Boris\",\"email\":\"boris2@shop.example\"}");
        long workflow = t.api().post("/api/v1/workflows", cart(t)).json().get("id").asLong();

        event(t, "cartAbandoned", anna, Map.of("total", 150, "cartId", "c1"));
        awaitRun(t.api(), workflow, "wait1", "ACTIVE");
        event(t, "orderPaid", anna, Map.of("orderId", "o1"));
        JsonNode paid = awaitRun(t.api(), workflow, "end", "COMPLETED");
        assertThat(paid.get("steps").get(0).get("outcome").asString()).isEqualTo("event");

        event(t, "cartAbandoned", boris, Map.of("total", 200, "cartId", "c2"));
        awaitRun(t.api(), workflow, "wait1", "ACTIVE");
        event(t, "unsubscribedAll", boris, Map.of());
        JsonNode stopped = awaitRun(t.api(), workflow, "wait1", "STOPPED");
        assertThat(stopped.get("endReason").asString()).isEqualTo("stop event");
        assertThat(t.api().get("/api/v1/workflows/" + workflow + "/stats").json().at("/steps/wait1/exitedByStopEvent").asInt())
                .isEqualTo(1);
        assertThat(t.api().get("/api/v1/sandbox/messages?channel=email").json().get("items").size()).isZero();
    }

    @Test
    void onceMeansOnceAndAnEditIsANewVersionWhileRunsFinishOnTheirs() {
        Tenant t = tenant();
        long anna = contact(t.api(), "{\"firstName\":\"Anna\",\"email\":\"anna3@shop.example\"}");
        long boris = contact(t.api(), "{\"firstName\":\"Boris\",\"email\":\"boris3@shop.example\"}");
        String v1 = """
                {"name":"Welcome","trigger":{"type":"event","eventTypeKey":"signedUp"},"reentry":"once","start":"d",
                 "steps":{"d":{"type":"delay","duration":"PT2H","next":"m"},
                          "m":{"type":"send","templateId":"TEMPLATE","next":"e"},
                          "e":{"type":"stop"}}}""";
        String t1 = template(t, "{\"email\":{\"subject\":\"Hi\",\"text\":\"v1 {{firstName}}\"}}");
        String t2 = template(t, "{\"email\":{\"subject\":\"Hi\",\"text\":\"v2 {{firstName}}\"}}");
        long workflow = t.api().post("/api/v1/workflows", v1.replace("TEMPLATE", t1)).json().get("id").asLong();
        event(t, "signedUp", anna, Map.of());
        awaitRun(t.api(), workflow, "d", "ACTIVE");
        event(t, "signedUp", anna, Map.of());

        ApiClient.Response edited = t.api().put("/api/v1/workflows/" + workflow, v1.replace("TEMPLATE", t2));
        assertThat(edited.status()).as(edited.text()).isEqualTo(200);
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);
        event(t, "signedUp", boris, Map.of());
        eventually().until(() -> t.api().get("/api/v1/workflows/" + workflow + "/runs").json().size() == 2);

        clock.advance(Duration.ofHours(3));
        eventually().until(() -> t.api().get("/api/v1/sandbox/messages?channel=email").json().get("items").size() == 2);
        assertThat(t.api().get("/api/v1/sandbox/messages?channel=email").json().get("items").findValuesAsString("text"))
                .containsExactlyInAnyOrder("v1 Anna", "v2 Boris");
        JsonNode runs = t.api().get("/api/v1/workflows/" + workflow + "/runs").json();
        assertThat(List.of(runs.get(0).get("status").asString(), runs.get(1).get("status").asString()))
                .containsOnly("COMPLETED");
        assertThat(runs.size()).as("anna entered once").isEqualTo(2);
    }

    @Test
    void aWelcomeSeriesSendsOneDigestOfTheProductsViewed() {
        Tenant t = tenant();
        long anna = contact(t.api(), "{\"firstName\":\"Anna\",\"email\":\"anna5@shop.example\"}");
        String welcome = template(t, "{\"email\":{\"subject\":\"Welcome\",\"text\":\"Welcome, {{firstName}}\"}}");
        String digest = template(t, "{\"email\":{\"subject\":\"Viewed\",\"text\":\"{{digestCount}} viewed:{{#digest}} {{product}}{{/digest}}\"}}");
        long workflow = t.api().post("/api/v1/workflows", """
                {"name":"Welcome","trigger":{"type":"event","eventTypeKey":"signedUp"},"start":"hello",
                 "steps":{"hello":{"type":"send","templateId":"%s","next":"collect"},
                          "collect":{"type":"digest","eventTypeKey":"productViewed","window":"P1D","maxEvents":3,"next":"viewed"},
                          "viewed":{"type":"send","templateId":"%s","next":"end"},
                          "end":{"type":"stop"}}}""".formatted(welcome, digest)).json().get("id").asLong();
        event(t, "signedUp", anna, Map.of());
        awaitRun(t.api(), workflow, "collect", "ACTIVE");
        event(t, "productViewed", anna, Map.of("product", "kettle"));
        event(t, "productViewed", anna, Map.of("product", "toaster"));
        event(t, "productViewed", anna, Map.of("product", "mixer"));

        awaitRun(t.api(), workflow, "end", "COMPLETED");
        eventually().until(() -> t.api().get("/api/v1/sandbox/messages?channel=email").json().get("items").size() == 2);
        assertThat(t.api().get("/api/v1/sandbox/messages?channel=email").json().get("items").findValuesAsString("text"))
                .containsExactlyInAnyOrder("Welcome, Anna", "3 viewed: kettle toaster mixer");
    }

    @Test
    void aBirthdayComesRoundInTheContactsOwnTimeZone() {
        Tenant t = tenant();
        assertThat(t.api().post("/api/v1/contactfields", "{\"name\":\"birthday\",\"type\":\"date\"}").status()).isEqualTo(201);
        // UTC+14 and UTC-12: the same instant is never the same day in both.
        java.time.LocalDate east = clock.instant().atZone(ZoneId.of("Pacific/Kiritimati")).toLocalDate();
        String birthday = "1990-" + east.toString().substring(5);
        long kiri = esputnikContact(t, "kiri@shop.example", "Pacific/Kiritimati", birthday);
        long hono = esputnikContact(t, "hono@shop.example", "Etc/GMT+12", birthday);
        String card = template(t, "{\"email\":{\"subject\":\"Happy birthday\",\"text\":\"Happy birthday, {{firstName}}\"}}");
        long workflow = t.api().post("/api/v1/workflows", """
                {"name":"Birthday","trigger":{"type":"date","field":"birthday","at":"00:00"},"reentry":"always","start":"card",
                 "steps":{"card":{"type":"send","templateId":"%s","next":"end"},"end":{"type":"stop"}}}""".formatted(card))
                .json().get("id").asLong();

        JsonNode first = awaitRun(t.api(), workflow, "end", "COMPLETED");
        assertThat(first.get("contactId").asLong()).isEqualTo(kiri);
        clock.advance(Duration.ofHours(26));
        eventually().atMost(Duration.ofSeconds(20))
                .until(() -> t.api().get("/api/v1/workflows/" + workflow + "/runs").json().size() == 2);
        JsonNode runs = t.api().get("/api/v1/workflows/" + workflow + "/runs").json();
        assertThat(runs.get(0).get("contactId").asLong()).isEqualTo(hono);
        clock.advance(Duration.ofMinutes(20));
        awaitRun(t.api(), workflow, "end", "COMPLETED");
        assertThat(t.api().get("/api/v1/workflows/" + workflow + "/runs").json().size()).as("once a day each").isEqualTo(2);
    }

    private static long esputnikContact(Tenant t, String email, String zone, String birthday) {
        ApiClient.Response created = t.api().post("/api/v1/contact", "{\"firstName\":\"" + email.substring(0, 4)
                + "\",\"channels\":[{\"type\":\"email\",\"value\":\"" + email + "\"}],\"timeZone\":\"" + zone
                + "\",\"fields\":[{\"name\":\"birthday\",\"value\":\"" + birthday + "\"}]}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.json().get("id").asLong();
    }

    @Test
    void aWebhooksStatusASplitAndAContactUpdateAreRecordedOnTheRun() {
        Tenant t = tenant();
        long anna = contact(t.api(), "{\"firstName\":\"Anna\",\"email\":\"anna6@shop.example\"}");
        long vip = dev.herald.group.GroupFixtures.newGroup(t.api(), "{\"name\":\"VIP\"}");
        GATEWAY.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/crm/hook")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(204)));
        long workflow = t.api().post("/api/v1/workflows", """
                {"name":"CRM","trigger":{"type":"event","eventTypeKey":"ordered"},"start":"hook",
                 "steps":{"hook":{"type":"webhook","url":"%s/crm/hook","timeout":"PT5S","next":"ok"},
                          "ok":{"type":"condition","if":[{"webhook":"hook","op":"eq","value":204}],"then":"ab","else":"end"},
                          "ab":{"type":"split","branches":[{"name":"A","percent":100,"next":"tag"},{"name":"B","percent":0,"next":"end"}]},
                          "tag":{"type":"updateContact","addToGroups":[%d],"next":"end"},
                          "end":{"type":"stop"}}}""".formatted(GATEWAY.baseUrl(), vip)).json().get("id").asLong();
        event(t, "ordered", anna, Map.of("orderId", "o-7"));

        JsonNode run = awaitRun(t.api(), workflow, "end", "COMPLETED");
        assertThat(run.get("steps").findValuesAsString("outcome")).containsExactly("status 204", "then", "A", "updated", "completed");
        GATEWAY.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/crm/hook"))
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.matching("workflow-run-\\d+-1"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.event.orderId", 
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("o-7"))));
        assertThat(t.api().get("/api/v1/group/" + vip + "/contacts").json().findValuesAsString("firstName")).containsExactly("Anna");
    }

    @Test
    void aConditionOnASendOfTheSameAdvanceWaitsForItsMessageToLeave() {
        Tenant t = tenant();
        long anna = contact(t.api(), "{\"firstName\":\"Anna\",\"email\":\"anna-sent@shop.example\"}");
        long workflow = t.api().post("/api/v1/workflows", """
                {"name":"Sent?","trigger":{"type":"event","eventTypeKey":"signedUp"},"start":"hello",
                 "steps":{"hello":{"type":"send","channels":{"email":{"subject":"Hi","text":"hello"}},"next":"check"},
                          "check":{"type":"condition","if":[{"send":"hello","outcome":"sent"}],"then":"yes","else":"no"},
                          "yes":{"type":"stop"},
                          "no":{"type":"stop"}}}""").json().get("id").asLong();
        event(t, "signedUp", anna, Map.of());

        // Advanced with its send in one batch, the condition cannot see the message yet: it waits rather than
        // taking else.
        JsonNode waiting = awaitRun(t.api(), workflow, "check", "ACTIVE");
        assertThat(waiting.get("steps").findValuesAsString("step")).containsExactly("hello", "check");
        assertThat(waiting.at("/steps/1/outcome").asString("")).as("not decided yet").isEmpty();
        String message = waiting.at("/steps/0/messageId").asString();
        eventually().atMost(Duration.ofSeconds(20)).until(() -> List.of("SENT", "DELIVERED")
                .contains(t.api().get("/api/v1/messages/" + message).json().get("status").asString()));

        // Woken by the sweep of waiting sends once the message left: no clock needs to move.
        JsonNode done = awaitRun(t.api(), workflow, "yes", "COMPLETED");
        assertThat(done.get("steps").findValuesAsString("step")).containsExactly("hello", "check", "yes");
        assertThat(done.get("steps").findValuesAsString("outcome")).containsExactly("sent", "then", "completed");
    }

    @Test
    void badDefinitionsAreRefusedNamingTheField() {
        Tenant t = tenant();
        assertProblem(t, CART.replace("\"next\":\"wait2\"", "\"next\":\"nowhere\""), "steps.mail1.next");
        assertProblem(t, CART.replace("\"type\":\"stop\"", "\"type\":\"explode\""), "steps.end.type");
        assertProblem(t, CART.replace("\"timeout\":\"PT1H\"", "\"timeout\":\"an hour\""), "steps.wait1.timeout");
        assertProblem(t, CART.replace("\"end\":{\"type\":\"stop\"}", "\"end\":{\"type\":\"stop\"},\"lost\":{\"type\":\"stop\"}"),
                "steps.lost");
        assertProblem(t, """
                {"name":"Loop","trigger":{"type":"event","eventTypeKey":"x"},"start":"a",
                 "steps":{"a":{"type":"send","channels":{"sms":{"text":"hi"}},"next":"b"},
                          "b":{"type":"condition","if":[{"param":"n","op":"gt","value":1}],"then":"a","else":"c"},
                          "c":{"type":"stop"}}}""", "steps.b.then");
        assertProblem(t, CART.replace("\"reentry\":\"always\"", "\"reentry\":\"sometimes\""), "reentry");
        assertProblem(t, CART.replace("\"trigger\":{\"type\":\"event\"", "\"trigger\":{\"type\":\"group\",\"groupId\":999999"),
                "trigger.groupId");
        assertThat(t.api().get("/api/v1/workflows").json().size()).isZero();
    }

    private static void assertProblem(Tenant t, String body, String field) {
        ApiClient.Response response = t.api().post("/api/v1/workflows", body);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.text()).contains("\"" + field + "\"");
    }

    @Test
    void anotherAccountSeesNoneOfItAndItsEventsStartNothingHere() {
        Tenant mine = tenant();
        Tenant other = tenant();
        long anna = contact(mine.api(), "{\"firstName\":\"Anna\",\"email\":\"anna4@shop.example\"}");
        long workflow = mine.api().post("/api/v1/workflows", cart(mine)).json().get("id").asLong();
        long theirs = contact(other.api(), "{\"firstName\":\"Anna\",\"email\":\"anna4@shop.example\"}");
        event(other, "cartAbandoned", theirs, Map.of("total", 500));
        event(mine, "cartAbandoned", anna, Map.of("total", 500));
        awaitRun(mine.api(), workflow, "wait1", "ACTIVE");
        assertThat(mine.api().get("/api/v1/workflows/" + workflow + "/runs").json().size()).isEqualTo(1);

        assertThat(other.api().get("/api/v1/workflows/" + workflow).status()).isEqualTo(404);
        assertThat(other.api().get("/api/v1/workflows/" + workflow + "/runs").status()).isEqualTo(404);
        assertThat(other.api().get("/api/v1/workflows/" + workflow + "/stats").status()).isEqualTo(404);
        assertThat(other.api().put("/api/v1/workflows/" + workflow, CART).status()).isEqualTo(404);
        assertThat(other.api().post("/api/v1/workflows/" + workflow + "/pause", "").status()).isEqualTo(404);
        assertThat(other.api().delete("/api/v1/workflows/" + workflow).status()).isEqualTo(404);
        assertThat(other.api().get("/api/v1/workflows").json().size()).isZero();
        assertThat(other.api().get("/api/v1/contact/" + anna + "/workflow-runs").json().size()).isZero();
        assertThat(mine.api().post("/api/v1/workflows/" + workflow + "/archive", "").json().get("status").asString())
                .isEqualTo("ARCHIVED");
        assertThat(mine.api().get("/api/v1/workflows/" + workflow + "/runs").json().get(0).get("status").asString())
                .isEqualTo("CANCELLED");
    }
}
