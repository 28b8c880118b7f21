package dev.herald.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** eSputnik's POST event through HTTP: contacts found or made by keyValue, params in both forms, a contact's events. */
class EventsApiTest extends HeraldTest {

    static JsonNode post(ApiClient api, String body) {
        ApiClient.Response answer = api.post("/api/v1/event", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    static JsonNode eventsOf(ApiClient api, long contactId) {
        ApiClient.Response answer = api.get("/api/v1/contact/" + contactId + "/events");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().get("items");
    }

    @Test
    void theIssuesEventMakesItsContactAndIsListedOnIt() {
        ApiClient api = newAccount();

        JsonNode accepted = post(api, """
                {"eventTypeKey":"orderCreated","keyValue":"x@y.z","params":[{"name":"orderId","value":"123"}]}""");

        long contactId = accepted.get("contactId").asLong();
        assertThat(accepted.get("eventTypeKey").asString()).isEqualTo("orderCreated");
        assertThat(accepted.get("replayed").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/contact/" + contactId).json().get("channels").get(0).get("value").asString())
                .isEqualTo("x@y.z");
        JsonNode events = eventsOf(api, contactId);
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.get(0).get("id").asLong()).isEqualTo(accepted.get("id").asLong());
        assertThat(events.get(0).get("eventTypeKey").asString()).isEqualTo("orderCreated");
        assertThat(events.get(0).get("keyValue").asString()).isEqualTo("x@y.z");
        assertThat(events.get(0).get("params").get("orderId").asString()).isEqualTo("123");
        assertThat(events.get(0).get("past").asBoolean()).isFalse();

        // The same contact again, by the e-mail in another case.
        JsonNode second = post(api, "{\"eventTypeKey\":\"orderPaid\",\"keyValue\":\"X@Y.Z\"}");
        assertThat(second.get("contactId").asLong()).isEqualTo(contactId);
        assertThat(eventsOf(api, contactId).findValuesAsString("eventTypeKey")).containsExactly("orderPaid", "orderCreated");
    }

    @Test
    void paramsAsAnObjectKeepTheirJsonTypesAndNestedCartItems() {
        ApiClient api = newAccount();

        JsonNode accepted = post(api, """
                {"eventTypeKey":"cartUpdated","keyValue":"+380 50 123 45 67","params":{
                  "total": 99.5, "count": 2, "gift": true, "note": null,
                  "items": [{"name": "Tea", "price": 4}, {"name": "Cup", "price": 10}],
                  "address": {"city": "Kyiv"}}}""");

        JsonNode params = eventsOf(api, accepted.get("contactId").asLong()).get(0).get("params");
        assertThat(params.get("total").isNumber()).isTrue();
        assertThat(params.get("total").asDouble()).isEqualTo(99.5);
        assertThat(params.get("count").asLong()).isEqualTo(2);
        assertThat(params.get("gift").asBoolean()).isTrue();
        assertThat(params.get("note").isNull()).isTrue();
        assertThat(params.get("items").findValuesAsString("name")).containsExactly("Tea", "Cup");
        assertThat(params.get("address").get("city").asString()).isEqualTo("Kyiv");
        assertThat(api.get("/api/v1/contact/" + accepted.get("contactId").asLong()).json().get("channels").get(0)
                .get("value").asString()).isEqualTo("380501234567");
    }

    @Test
    void aStringHoldingJsonIsReadAsItAsEsputniksFirstVersionSendsNestedData() {
        ApiClient api = newAccount();

        JsonNode accepted = post(api, """
                {"eventTypeKey":"abandoned_cart","keyValue":"buyer@example.com","params":[
                  {"name":"items","value":"[{\\"name\\":\\"Tea\\"},{\\"name\\":\\"Cup\\"}]"},
                  {"name":"text","value":"[not json"}]}""");

        JsonNode params = eventsOf(api, accepted.get("contactId").asLong()).get(0).get("params");
        assertThat(params.get("items").isArray()).isTrue();
        assertThat(params.get("items").findValuesAsString("name")).containsExactly("Tea", "Cup");
        assertThat(params.get("text").asString()).isEqualTo("[not json");
    }

    @Test
    void keyValueFindsContactsByExternalIdAndParamsMayNameTheContact() {
        ApiClient api = newAccount();
        long crm = api.post("/api/v1/contacts", "{\"externalCustomerId\":\"crm-7\",\"email\":\"a@example.com\"}")
                .json().get("contactId").asLong();

        assertThat(post(api, "{\"eventTypeKey\":\"login\",\"keyValue\":\"crm-7\"}").get("contactId").asLong())
                .isEqualTo(crm);
        // eSputnik: without keyValue the contact comes from params (contactId, externalCustomerId, email, phone).
        assertThat(post(api, "{\"eventTypeKey\":\"login\",\"params\":[{\"name\":\"contactId\",\"value\":\"" + crm + "\"}]}")
                .get("contactId").asLong()).isEqualTo(crm);
        assertThat(post(api, "{\"eventTypeKey\":\"login\",\"params\":{\"externalCustomerId\":\"\",\"email\":\"a@example.com\"}}")
                .get("contactId").asLong()).isEqualTo(crm);
        assertThat(eventsOf(api, crm).size()).isEqualTo(3);
    }

    @Test
    void aContactsEventsArePagedNewestFirstByKeyset() {
        ApiClient api = newAccount();
        long contact = 0;
        for (int i = 0; i < 5; i++) {
            contact = post(api, "{\"eventTypeKey\":\"view\",\"keyValue\":\"p@example.com\",\"params\":{\"n\":" + i + "}}")
                    .get("contactId").asLong();
        }
        ApiClient.Response first = api.get("/api/v1/contact/" + contact + "/events?limit=2");
        assertThat(first.json().get("items").findValues("n").stream().map(JsonNode::asInt).toList()).containsExactly(4, 3);
        String next = first.json().get("next").asString();
        JsonNode second = api.get("/api/v1/contact/" + contact + "/events?limit=2&before=" + next).json();
        assertThat(second.get("items").findValues("n").stream().map(JsonNode::asInt).toList()).containsExactly(2, 1);
        JsonNode last = api.get("/api/v1/contact/" + contact + "/events?limit=2&before=" + second.get("next").asString()).json();
        assertThat(last.get("items").findValues("n").stream().map(JsonNode::asInt).toList()).containsExactly(0);
        assertThat(last.get("next").isNull()).isTrue();

        assertThat(api.get("/api/v1/contact/" + contact + "/events?before=nope").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/contact/" + contact + "/events?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/contact/999999/events").status()).isEqualTo(404);
    }

    @Test
    void badEventsAre400NamingTheFieldAndStoreNothing() {
        ApiClient api = newAccount();
        record Case(String body, String field) {}
        for (Case c : List.of(
                new Case("{\"keyValue\":\"x@y.z\"}", "eventTypeKey"),
                new Case("{\"eventTypeKey\":5,\"keyValue\":\"x@y.z\"}", "eventTypeKey"),
                new Case("{\"eventTypeKey\":\"a/b\",\"keyValue\":\"x@y.z\"}", "eventTypeKey"),
                new Case("{\"eventTypeKey\":\"" + "k".repeat(101) + "\",\"keyValue\":\"x@y.z\"}", "eventTypeKey"),
                new Case("{\"eventTypeKey\":\"a\"}", "keyValue"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"" + "k".repeat(301) + "\"}", "keyValue"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\",\"params\":\"x\"}", "params"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\",\"params\":[{\"value\":1}]}", "params[0]"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\",\"params\":[{\"name\":\"\",\"value\":1}]}", "params[0].name"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\",\"params\":[{\"name\":\"a\"},{\"name\":\"a\"}]}", "params[1].name"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\",\"params\":[{\"name\":\"a\",\"valeu\":1}]}", "params[0].valeu"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\",\"params\":{\"big\":\"" + "x".repeat(20_001) + "\"}}", "params"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\",\"params\":[" + "{\"name\":\"p\"},".repeat(100)
                        + "{\"name\":\"q\"}]}", "params"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\",\"eventId\":{}}", "eventId"),
                new Case("{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\",\"eventDate\":\"2020-01-01T00:00:00Z\"}", "eventDate"),
                new Case("[1]", "body"))) {
            ApiClient.Response refused = api.post("/api/v1/event", c.body());
            assertThat(refused.status()).as(c.body() + " → " + refused.text()).isEqualTo(400);
            assertThat(refused.json().path("errors").findValuesAsString("field")).as(c.body() + " → " + refused.text())
                    .contains(c.field());
        }
        assertThat(api.post("/api/v1/event", "{\"eventTypeKey\":\"a\"").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isZero();
        assertThat(api.get("/api/v1/event-types").json().get("items").size()).isZero();
    }
}
