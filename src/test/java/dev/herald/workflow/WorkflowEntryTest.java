package dev.herald.workflow;

import static dev.herald.group.GroupFixtures.contact;
import static dev.herald.group.GroupFixtures.newGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ClockTest;
import dev.herald.auth.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How contacts enter workflows, through HTTP: every way a contact joins a static group starts the group's
 * workflow (eSputnik bulk upserts with groupNames and per-contact groups, the single eSputnik contact, the
 * subscription form, the attach API); oncePerPeriod holds under concurrent events; a date trigger fires when the
 * contact's local time reaches its time, not up to a scan interval later; inline send contents use variables.
 * Shares WorkflowTest's context (ClockTest).
 */
class WorkflowEntryTest extends ClockTest {

    private record Tenant(AccountId account, ApiClient api) {}

    private Tenant tenant() {
        AccountId account = accounts.create("test-" + UUID.randomUUID(), ZoneId.of("UTC"));
        return new Tenant(account, new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token()));
    }

    private static long workflow(Tenant t, String body) {
        ApiClient.Response created = t.api().post("/api/v1/workflows", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static JsonNode runs(Tenant t, long workflow) {
        return t.api().get("/api/v1/workflows/" + workflow + "/runs?limit=100").json();
    }

    private static List<Long> runContacts(Tenant t, long workflow) {
        List<Long> contacts = new ArrayList<>();
        runs(t, workflow).forEach(run -> contacts.add(run.get("contactId").asLong()));
        return contacts;
    }

    private static void importAndWait(Tenant t, String body) {
        ApiClient.Response accepted = t.api().post("/api/v1/contacts", body);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        String session = accepted.json().get("asyncSessionId").asString();
        eventually().until(() -> t.api().get("/api/v1/importstatus/" + session).json().get("status").asString()
                .equals("FINISHED"));
    }

    private static long idByEmail(Tenant t, String email) {
        return t.api().get("/api/v1/contacts?email=" + email + "&startindex=1&maxrows=1").json().get(0).get("id").asLong();
    }

    @Test
    void everyWayOfJoiningAStaticGroupStartsItsWorkflow() {
        Tenant t = tenant();
        long newsletter = newGroup(t.api(), "{\"name\":\"Newsletter\"}");
        long vip = newGroup(t.api(), "{\"name\":\"VIP\"}");
        String waits = """
                {"name":"Joined %s","trigger":{"type":"group","groupId":%d},"start":"d",
                 "steps":{"d":{"type":"delay","duration":"PT1H","next":"e"},"e":{"type":"stop"}}}""";
        long onNewsletter = workflow(t, waits.formatted("newsletter", newsletter));
        long onVip = workflow(t, waits.formatted("vip", vip));

        // eSputnik's bulk upsert: groupNames for all, groups per contact; staged and applied in the background.
        importAndWait(t, """
                {"dedupeOn":"email","groupNames":["Newsletter"],"contacts":[
                  {"firstName":"Anna","channels":[{"type":"email","value":"anna@join.example"}],"groups":[{"name":"VIP"}]},
                  {"firstName":"Boris","channels":[{"type":"email","value":"boris@join.example"}]},
                  {"firstName":"Clara","channels":[{"type":"email","value":"clara@join.example"}]}]}""");
        long anna = idByEmail(t, "anna@join.example");
        long boris = idByEmail(t, "boris@join.example");
        long clara = idByEmail(t, "clara@join.example");
        eventually().until(() -> runContacts(t, onNewsletter).size() == 3 && runContacts(t, onVip).size() == 1);
        assertThat(runContacts(t, onNewsletter)).containsExactlyInAnyOrder(anna, boris, clara);
        assertThat(runContacts(t, onVip)).containsExactly(anna);

        // Upserting members again joins nothing new: no second run.
        importAndWait(t, """
                {"dedupeOn":"email","groupNames":["Newsletter"],"contacts":[
                  {"firstName":"Anna","channels":[{"type":"email","value":"anna@join.example"}]}]}""");

        // The single eSputnik contact (POST /api/v1/contact) with groups.
        ApiClient.Response single = t.api().post("/api/v1/contact", """
                {"firstName":"Dora","channels":[{"type":"email","value":"dora@join.example"}],"groups":[{"name":"VIP"}]}""");
        assertThat(single.status()).as(single.text()).isEqualTo(200);
        long dora = single.json().get("id").asLong();

        // The subscription form's groups.
        ApiClient.Response subscribed = t.api().post("/api/v1/contact/subscribe", """
                {"contact":{"firstName":"Emil","channels":[{"type":"email","value":"emil@join.example"}]},
                 "groups":["VIP"]}""");
        assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(200);
        long emil = subscribed.json().get("id").asLong();

        // The attach API (the console's add-to-group uses the same call).
        long fedir = contact(t.api(), "{\"firstName\":\"Fedir\",\"email\":\"fedir@join.example\"}");
        assertThat(t.api().post("/api/v1/group/" + vip + "/contacts/attach", "{\"contactIds\":[" + fedir + "]}").status())
                .isEqualTo(200);

        eventually().until(() -> runContacts(t, onVip).size() == 4);
        assertThat(runContacts(t, onVip)).containsExactlyInAnyOrder(anna, dora, emil, fedir);
        assertThat(runContacts(t, onNewsletter)).as("anna re-upserted: no second run").hasSize(3);
    }

    @Test
    void oncePerPeriodStartsOneRunForEventsArrivingAtTheSameTime() throws Exception {
        Tenant t = tenant();
        long anna = contact(t.api(), "{\"firstName\":\"Anna\",\"email\":\"anna@period.example\"}");
        long boris = contact(t.api(), "{\"firstName\":\"Boris\",\"email\":\"boris@period.example\"}");
        long workflow = workflow(t, """
                {"name":"Viewed","trigger":{"type":"event","eventTypeKey":"viewed"},
                 "reentry":"oncePerPeriod","reentryPeriod":"P1D","start":"d",
                 "steps":{"d":{"type":"delay","duration":"PT1H","next":"e"},"e":{"type":"stop"}}}""");
        // The type and its parameter exist before the burst, as in a live account.
        assertThat(event(t, boris)).isEqualTo(200);

        int requests = 12;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return event(t, anna);
                }));
            }
            go.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runContacts(t, workflow).stream().filter(c -> c == anna)).as("one run for twelve events at once")
                .hasSize(1);

        clock.advance(Duration.ofHours(25));
        assertThat(event(t, anna)).isEqualTo(200);
        assertThat(runContacts(t, workflow).stream().filter(c -> c == anna)).as("the period passed").hasSize(2);
    }

    private static int event(Tenant t, long contact) {
        return t.api().post("/api/v1/event", ApiClient.json(Map.of("eventTypeKey", "viewed",
                "params", List.of(Map.of("name", "contactId", "value", String.valueOf(contact)))))).status();
    }

    @Test
    void aDateTriggerFiresWhenTheContactsClockReachesItsTime() {
        Tenant t = tenant();
        assertThat(t.api().post("/api/v1/contactfields", "{\"name\":\"birthday\",\"type\":\"date\"}").status()).isEqualTo(201);
        // In Kathmandu (UTC+05:45) the trigger's time comes five minutes from now.
        ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
        var soon = clock.instant().plus(Duration.ofMinutes(5)).atZone(kathmandu).truncatedTo(ChronoUnit.MINUTES);
        ApiClient.Response created = t.api().post("/api/v1/contact", """
                {"firstName":"Sita","channels":[{"type":"email","value":"sita@date.example"}],"timeZone":"Asia/Kathmandu",
                 "fields":[{"name":"birthday","value":"1990-%s"}]}""".formatted(soon.toLocalDate().toString().substring(5)));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        long workflow = workflow(t, """
                {"name":"Birthday","trigger":{"type":"date","field":"birthday","at":"%s"},"reentry":"always","start":"d",
                 "steps":{"d":{"type":"delay","duration":"PT1H","next":"e"},"e":{"type":"stop"}}}"""
                .formatted(soon.toLocalTime()));
        Instant next = jdbc.sql("SELECT next_fire_at FROM workflow WHERE id = ?").param(workflow)
                .query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant).orElse(Instant.EPOCH);
        eventually().until(() -> jdbc.sql("SELECT fired_at IS NOT NULL FROM workflow WHERE id = ?").param(workflow)
                .query(Boolean.class).single());
        assertThat(runs(t, workflow).size()).as("not yet %s in Kathmandu", soon.toLocalTime()).isZero();
        Instant fire = jdbc.sql("SELECT next_fire_at FROM workflow WHERE id = ?").param(workflow)
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(fire).as("the next fire is the moment Kathmandu's clock shows %s (was %s)", soon.toLocalTime(), next)
                .isBeforeOrEqualTo(soon.toInstant());

        clock.advance(Duration.between(clock.instant(), soon.toInstant()).plusSeconds(1));
        eventually().atMost(Duration.ofSeconds(20)).until(() -> runs(t, workflow).size() == 1);
        clock.advance(Duration.ofMinutes(16));
        eventually().until(() -> jdbc.sql("SELECT next_fire_at > ? FROM workflow WHERE id = ?")
                .params(java.sql.Timestamp.from(clock.instant()), workflow).query(Boolean.class).single());
        assertThat(runs(t, workflow).size()).as("once that day").isEqualTo(1);
        assertThat(soon.getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 45));
    }

    @Test
    void anInlineSendFillsInTheContactsAndTheEventsVariables() {
        Tenant t = tenant();
        long anna = contact(t.api(), "{\"firstName\":\"Anna\",\"email\":\"anna@inline.example\"}");
        long workflow = workflow(t, """
                {"name":"Inline","trigger":{"type":"event","eventTypeKey":"ordered"},"reentry":"always","start":"m",
                 "steps":{"m":{"type":"send","channels":{"email":{"subject":"Order {{event.orderId}}",
                               "text":"{{firstName}}, {{#event.items}}{{name}} x{{qty}} {{/event.items}}are on their way"}},
                               "next":"m2"},
                          "m2":{"type":"send","channels":{"email":{"subject":"Again","text":"{{event.missing}}"}},"next":"e"},
                          "e":{"type":"stop"}}}""");
        ApiClient.Response posted = t.api().post("/api/v1/event", ApiClient.json(Map.of("eventTypeKey", "ordered",
                "params", List.of(Map.of("name", "contactId", "value", String.valueOf(anna)),
                        Map.of("name", "orderId", "value", "o-7"),
                        Map.of("name", "items", "value", List.of(Map.of("name", "Tea", "qty", 2),
                                Map.of("name", "Cup", "qty", 1)))))));
        assertThat(posted.status()).as(posted.text()).isEqualTo(200);

        eventually().until(() -> t.api().get("/api/v1/sandbox/messages?channel=email").json().get("items").size() == 1);
        JsonNode mail = t.api().get("/api/v1/sandbox/messages?channel=email").json().at("/items/0");
        assertThat(mail.toString()).contains("Order o-7");
        assertThat(mail.findValuesAsString("text")).containsExactly("Anna, Tea x2 Cup x1 are on their way");
        eventually().until(() -> runs(t, workflow).size() == 1
                && runs(t, workflow).get(0).get("status").asString().equals("COMPLETED"));
        JsonNode run = runs(t, workflow).get(0);
        assertThat(run.get("steps").findValuesAsString("outcome")).containsExactly("sent", "failed", "completed");
        assertThat(run.at("/steps/1/detail/error").asString()).isEqualTo("MISSING_VARIABLE");

        ApiClient.Response bad = t.api().post("/api/v1/workflows", """
                {"name":"Bad","trigger":{"type":"event","eventTypeKey":"x"},"start":"m",
                 "steps":{"m":{"type":"send","channels":{"sms":{"text":"{{#open}} never closed"}},"next":"e"},
                          "e":{"type":"stop"}}}""");
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.text()).contains("\"steps.m.channels.sms.text\"");
    }
}
