package dev.herald.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The batch form, replays by eventId, past events, event types with rules, the account's contact rule, isolation. */
class EventBatchTest extends HeraldTest {

    private static String batch(int n, String idPrefix) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"eventTypeKey\":\"pageViewed\",\"keyValue\":\"user")
                    .append(i % 10).append("@example.com\",\"params\":{\"page\":").append(i).append("}")
                    .append(idPrefix == null ? "" : ",\"eventId\":\"" + idPrefix + i + "\"").append("}");
        }
        return body.append("]}").toString();
    }

    @Test
    void aThousandEventsAreStoredInOneRequestAndTheirContactsMadeOnce() {
        ApiClient api = newAccount();

        ApiClient.Response answer = api.post("/api/v1/events", batch(1000, null));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("stored").asInt()).isEqualTo(1000);
        assertThat(answer.json().get("events").size()).isEqualTo(1000);
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isEqualTo(10);
        long contact = answer.json().get("events").get(3).get("contactId").asLong();
        assertThat(answer.json().get("events").get(13).get("contactId").asLong()).isEqualTo(contact);
        JsonNode listed = api.get("/api/v1/contact/" + contact + "/events?limit=500").json().get("items");
        assertThat(listed.size()).isEqualTo(100);
        assertThat(api.get("/api/v1/event-types").json().get("items").get(0).get("params").findValuesAsString("name"))
                .containsExactly("page");

        ApiClient.Response tooMany = api.post("/api/v1/events", batch(1001, null));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("events");
        ApiClient.Response oneBad = api.post("/api/v1/events",
                "[{\"eventTypeKey\":\"a\",\"keyValue\":\"ok@example.com\"},{\"eventTypeKey\":\"a\"}]");
        assertThat(oneBad.status()).isEqualTo(400);
        assertThat(oneBad.json().get("errors").findValuesAsString("field")).containsExactly("[1].keyValue");
        assertThat(api.get("/api/v1/contacts?email=ok@example.com").json().get("count").asLong()).isZero();
    }

    @Test
    void aReplayByEventIdAnswersAsTheFirstTimeAndStoresNothing() throws Exception {
        ApiClient api = newAccount();
        String body = "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"r@example.com\",\"eventId\":\"order-1\","
                + "\"params\":{\"orderId\":\"1\"}}";
        JsonNode first = api.post("/api/v1/event", body).json();
        JsonNode again = api.post("/api/v1/event", body).json();

        assertThat(first.get("replayed").asBoolean()).isFalse();
        assertThat(again.get("replayed").asBoolean()).isTrue();
        assertThat(again.get("id").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(again.get("contactId").asLong()).isEqualTo(first.get("contactId").asLong());
        long contact = first.get("contactId").asLong();
        assertThat(api.get("/api/v1/contact/" + contact + "/events").json().get("items").size()).isEqualTo(1);

        // Replays inside one batch and of the batch as a whole.
        JsonNode mixed = api.post("/api/v1/events", "[" + body + "," + body.replace("order-1", "order-2") + ","
                + body.replace("order-1", "order-2") + "]").json();
        assertThat(mixed.get("stored").asInt()).isEqualTo(1);
        assertThat(mixed.get("replayed").asInt()).isEqualTo(2);
        assertThat(mixed.get("events").get(2).get("id").asLong()).isEqualTo(mixed.get("events").get(1).get("id").asLong());

        // Concurrent replays of a new batch: every request answers the same ids, each event is stored once.
        String concurrent = batch(200, "c-");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(pool.submit((Callable<ApiClient.Response>) () -> api.post("/api/v1/events", concurrent)));
        }
        List<List<Long>> ids = new ArrayList<>();
        int storedTotal = 0;
        for (Future<ApiClient.Response> answer : answers) {
            ApiClient.Response r = answer.get();
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            storedTotal += r.json().get("stored").asInt();
            ids.add(r.json().get("events").findValues("id").stream().map(JsonNode::asLong).toList());
        }
        pool.shutdown();
        assertThat(storedTotal).isEqualTo(200);
        assertThat(ids).allSatisfy(list -> assertThat(list).isEqualTo(ids.getFirst()));
        assertThat(jdbc.sql("SELECT count(*) FROM event WHERE event_id LIKE 'c-%' AND account_id = "
                + "(SELECT account_id FROM event WHERE id = ?)").param(ids.getFirst().getFirst()).query(Long.class).single())
                .isEqualTo(200);
    }

    @Test
    void pastEventsKeepTheirTimeAndAreRemovedByTypeKeyAndTime() {
        ApiClient api = newAccount();
        ApiClient.Response imported = api.post("/api/v1/past_events", """
                [{"eventTypeKey":"orderCreated","keyValue":"h@example.com","eventDate":"2025-03-01T10:00:00Z",
                  "params":[{"name":"orderId","value":"7"}]},
                 {"eventTypeKey":"orderCreated","keyValue":"h@example.com","eventDate":"2025-06-01T10:00:00"},
                 {"eventTypeKey":"orderCreated","keyValue":"other@example.com","eventDate":"2025-06-02T10:00:00Z"}]""");
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        long contact = imported.json().get("events").get(0).get("contactId").asLong();
        api.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"h@example.com\"}");

        JsonNode items = api.get("/api/v1/contact/" + contact + "/events").json().get("items");
        assertThat(items.findValues("past").stream().map(JsonNode::asBoolean).toList()).containsExactly(false, true, true);
        assertThat(items.get(2).get("occurredAt").asString()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(items.get(1).get("occurredAt").asString()).isEqualTo("2025-06-01T10:00:00Z"); // the account's zone: UTC

        ApiClient.Response future = api.post("/api/v1/past_events",
                "[{\"eventTypeKey\":\"a\",\"keyValue\":\"h@example.com\",\"eventDate\":\"2999-01-01T00:00:00Z\"}]");
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().get("errors").get(0).get("field").asString()).isEqualTo("[0].eventDate");
        assertThat(api.post("/api/v1/past_events", "[{\"eventTypeKey\":\"a\",\"keyValue\":\"h@example.com\"}]").status())
                .isEqualTo(400);

        ApiClient.Response one = api.delete("/api/v1/past_events?eventTypeKey=orderCreated&keyValue=h@example.com"
                + "&dateFrom=2025-05-01T00:00:00Z&dateTo=2025-07-01T00:00:00Z");
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        assertThat(one.json().get("deleted").asInt()).isEqualTo(1);
        assertThat(api.delete("/api/v1/past_events?eventTypeKey=orderCreated").json().get("deleted").asInt()).isEqualTo(2);
        // the live event stays
        assertThat(api.get("/api/v1/contact/" + contact + "/events").json().get("items").size()).isEqualTo(1);
        assertThat(api.delete("/api/v1/past_events").status()).isEqualTo(400);
        assertThat(api.delete("/api/v1/past_events?eventTypeKey=x&dateFrom=yesterday").json().get("errors").get(0)
                .get("field").asString()).isEqualTo("dateFrom");
    }

    @Test
    void typeRulesRefuseEventsThatBreakThemNamingTheParameter() {
        ApiClient api = newAccount();
        api.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"t@example.com\",\"params\":{\"note\":\"x\"}}");

        ApiClient.Response described = api.put("/api/v1/event-types/orderCreated", """
                {"description": "An order was placed", "params": [
                  {"name": "orderId", "required": true, "type": "string", "description": "the shop's order number"},
                  {"name": "total", "type": "number"}, {"name": "paidAt", "type": "date"},
                  {"name": "gift", "type": "boolean"}, {"name": "items", "type": "list"}]}""");
        assertThat(described.status()).as(described.text()).isEqualTo(200);
        JsonNode type = api.get("/api/v1/event-types").json().get("items").get(0);
        assertThat(type.get("key").asString()).isEqualTo("orderCreated");
        assertThat(type.get("description").asString()).isEqualTo("An order was placed");
        assertThat(type.get("params").findValuesAsString("name"))
                .containsExactlyInAnyOrder("orderId", "total", "paidAt", "gift", "items", "note");
        assertThat(api.get("/api/v1/event-types/orderCreated").json().get("params").get(0).has("type")).isTrue();

        ApiClient.Response missing = api.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"t@example.com\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("params");
        assertThat(missing.json().get("errors").get(0).get("message").asString()).contains("orderId");

        ApiClient.Response wrong = api.post("/api/v1/event", """
                {"eventTypeKey":"orderCreated","keyValue":"t@example.com","params":[
                  {"name":"orderId","value":"1"},{"name":"total","value":"lots"},{"name":"paidAt","value":"soon"},
                  {"name":"gift","value":"maybe"},{"name":"items","value":"none"}]}""");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").findValuesAsString("field"))
                .containsExactly("params[1]", "params[2]", "params[3]", "params[4]");
        assertThat(wrong.json().get("errors").get(0).get("message").asString()).contains("total").contains("number");

        ApiClient.Response fits = api.post("/api/v1/event", """
                {"eventTypeKey":"orderCreated","keyValue":"t@example.com","params":[
                  {"name":"orderId","value":"1"},{"name":"total","value":"12.50"},{"name":"paidAt","value":"2026-11-20"},
                  {"name":"gift","value":"true"},{"name":"items","value":"[{\\"name\\":\\"Tea\\"}]"}]}""");
        assertThat(fits.status()).as(fits.text()).isEqualTo(200);
        ApiClient.Response batchWrong = api.post("/api/v1/events",
                "{\"events\":[{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"t@example.com\",\"params\":{\"orderId\":\"2\",\"total\":false}}]}");
        assertThat(batchWrong.json().get("errors").get(0).get("field").asString()).isEqualTo("events[0].params.total");

        assertThat(api.put("/api/v1/event-types/orderCreated", "{\"params\":[{\"name\":\"x\",\"type\":\"color\"}]}")
                .json().get("errors").get(0).get("field").asString()).isEqualTo("params[0].type");
        assertThat(api.put("/api/v1/event-types/orderCreated", "{\"label\":\"x\"}").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/event-types/nope").status()).isEqualTo(404);
        // rules dropped: the event goes through
        assertThat(api.put("/api/v1/event-types/orderCreated", "{}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"t@example.com\"}").status())
                .isEqualTo(200);
    }

    @Test
    void theAccountsRuleChoosesLocatorsAndWhetherContactsAreMade() {
        ApiClient api = newAccount();
        assertThat(api.get("/api/v1/event-settings").json().toString())
                .isEqualTo("{\"locators\":[\"email\",\"phone\",\"externalCustomerId\"],\"createContacts\":true}");

        ApiClient.Response put = api.put("/api/v1/event-settings",
                "{\"locators\":[\"externalCustomerId\",\"contactId\"],\"createContacts\":false}");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        ApiClient.Response refused = api.post("/api/v1/event", "{\"eventTypeKey\":\"a\",\"keyValue\":\"crm-1\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("keyValue");
        long id = api.post("/api/v1/contacts", "{\"externalCustomerId\":\"crm-1\"}").json().get("contactId").asLong();
        assertThat(api.post("/api/v1/event", "{\"eventTypeKey\":\"a\",\"keyValue\":\"crm-1\"}").json().get("contactId")
                .asLong()).isEqualTo(id);
        assertThat(api.post("/api/v1/event", "{\"eventTypeKey\":\"a\",\"keyValue\":\"" + id + "\"}").json().get("contactId")
                .asLong()).isEqualTo(id);
        assertThat(api.post("/api/v1/event", "{\"eventTypeKey\":\"a\",\"keyValue\":" + id + "}").json().get("contactId")
                .asLong()).isEqualTo(id);
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/audit").json().toString()).contains("event-settings.update");

        assertThat(api.put("/api/v1/event-settings", "{\"locators\":[\"fax\"]}").json().get("errors").get(0)
                .get("field").asString()).isEqualTo("locators[0]");
        assertThat(api.put("/api/v1/event-settings", "{\"createContacts\":\"yes\"}").status()).isEqualTo(400);
    }

    @Test
    void anotherAccountSeesAndReachesNoneOfItsEventsTypesOrContacts() {
        ApiClient a = newAccount();
        ApiClient b = newAccount();
        JsonNode mine = a.post("/api/v1/event", "{\"eventTypeKey\":\"secret\",\"keyValue\":\"a@example.com\",\"eventId\":\"e-1\"}")
                .json();
        long contact = mine.get("contactId").asLong();
        a.post("/api/v1/past_events", "[{\"eventTypeKey\":\"secret\",\"keyValue\":\"a@example.com\",\"eventDate\":\"2025-01-01T00:00:00Z\"}]");

        assertThat(b.get("/api/v1/contact/" + contact + "/events").status()).isEqualTo(404);
        assertThat(b.get("/api/v1/event-types").json().get("items").size()).isZero();
        assertThat(b.get("/api/v1/event-types/secret").status()).isEqualTo(404);
        assertThat(b.delete("/api/v1/past_events?eventTypeKey=secret").json().get("deleted").asInt()).isZero();
        // The same eventId in B is B's own event, not a replay of A's; keyValue makes B's own contact.
        JsonNode theirs = b.post("/api/v1/event", "{\"eventTypeKey\":\"secret\",\"keyValue\":\"a@example.com\",\"eventId\":\"e-1\"}")
                .json();
        assertThat(theirs.get("replayed").asBoolean()).isFalse();
        assertThat(theirs.get("id").asLong()).isNotEqualTo(mine.get("id").asLong());
        // contact ids count per account: an id B does not have is refused, not made
        assertThat(b.post("/api/v1/event", "{\"eventTypeKey\":\"x\",\"params\":{\"contactId\":\"" + (contact + 1000) + "\"}}")
                .status()).isEqualTo(400);
        assertThat(a.get("/api/v1/contact/" + contact + "/events").json().get("items").size()).isEqualTo(2);
        assertThat(a.get("/api/v1/event-types/secret").status()).isEqualTo(200);
    }
}
