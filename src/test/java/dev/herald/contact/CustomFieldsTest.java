package dev.herald.contact;

import static dev.herald.contact.EsputnikContactsTest.importAndWait;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Custom contact fields: defined per account, set by id or by name, checked by type. */
class CustomFieldsTest extends HeraldTest {

    static long define(ApiClient api, String body) {
        ApiClient.Response created = api.post("/api/v1/contactfields", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void fieldsOfEveryTypeAreSetByIdOrNameInTheirCanonicalForm() {
        ApiClient api = newAccount();
        long city = define(api, "{\"name\":\"city\",\"type\":\"text\"}");
        long score = define(api, "{\"name\":\"score\",\"type\":\"number\"}");
        long birthday = define(api, "{\"name\":\"birthday\",\"type\":\"date\"}");
        long vip = define(api, "{\"name\":\"vip\",\"type\":\"boolean\"}");
        long tier = define(api, "{\"name\":\"tier\",\"type\":\"list\",\"options\":[\"gold\",\"silver\"]}");
        JsonNode listed = api.get("/api/v1/contactfields").json();
        assertThat(listed.get("count").asInt()).isEqualTo(5);
        assertThat(listed.get("items").get(4).get("options").get(1).asString()).isEqualTo("silver");
        assertThat(listed.get("items").get(4).get("type").asString()).isEqualTo("list");

        ApiClient.Response added = api.post("/api/v1/contact", """
                {"channels": [{"type": "email", "value": "f@example.com"}], "fields": [
                  {"id": %d, "value": "Kyiv"}, {"id": "%d", "value": "42.50"}, {"name": "Birthday", "value": "1990-05-01"},
                  {"name": "vip", "value": true}, {"id": %d, "value": "gold"}]}""".formatted(city, score, tier));
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        JsonNode fields = added.json().get("fields");
        assertThat(fields.size()).isEqualTo(5);
        assertThat(value(fields, score)).isEqualTo("42.5");
        assertThat(value(fields, birthday)).isEqualTo("1990-05-01");
        assertThat(value(fields, vip)).isEqualTo("true");
        long id = added.json().get("id").asLong();

        // An import may change only the fields it lists; an empty value removes one.
        importAndWait(api, """
                {"dedupeOn": "email", "customFieldsIDs": [%d, %d], "contacts": [{"channels": [{"type": "email", "value": "f@example.com"}],
                 "fields": [{"id": %d, "value": "Lviv"}, {"id": %d, "value": "7"}, {"id": %d, "value": ""}]}]}"""
                .formatted(city, tier, city, score, tier));
        JsonNode after = api.get("/api/v1/contact/" + id).json().get("fields");
        assertThat(value(after, city)).isEqualTo("Lviv");
        assertThat(value(after, score)).as("not listed in customFieldsIDs").isEqualTo("42.5");
        assertThat(value(after, tier)).isNull();

        // dedupeOn a custom field
        JsonNode byField = importAndWait(api, """
                {"dedupeOn": %d, "contacts": [{"firstName": "Found", "fields": [{"id": %d, "value": "Lviv"}]}]}"""
                .formatted(city, city));
        assertThat(byField.get("updated").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/contact/" + id).json().get("firstName").asString()).isEqualTo("Found");

        assertThat(api.delete("/api/v1/contactfields/" + city).status()).isEqualTo(204);
        assertThat(value(api.get("/api/v1/contact/" + id).json().get("fields"), city)).isNull();
        assertThat(api.get("/api/v1/contactfields/" + city).status()).isEqualTo(404);
    }

    @Test
    void aValueOfTheWrongTypeIsA400NamingTheField() {
        ApiClient api = newAccount();
        long score = define(api, "{\"name\":\"score\",\"type\":\"number\"}");
        long day = define(api, "{\"name\":\"day\",\"type\":\"date\"}");
        long flag = define(api, "{\"name\":\"flag\",\"type\":\"boolean\"}");
        long tier = define(api, "{\"name\":\"tier\",\"type\":\"list\",\"options\":[\"gold\"]}");
        String[][] cases = {{"{\"id\":" + score + ",\"value\":\"many\"}", "fields[0].value"},
                {"{\"id\":" + day + ",\"value\":\"31.12.2020\"}", "fields[0].value"},
                {"{\"id\":" + flag + ",\"value\":\"maybe\"}", "fields[0].value"},
                {"{\"id\":" + tier + ",\"value\":\"bronze\"}", "fields[0].value"},
                {"{\"id\":" + score + ",\"value\":{\"n\":1}}", "fields[0].value"},
                {"{\"name\":\"nope\",\"value\":\"1\"}", "fields[0].name"},
                {"{\"id\":\"x\",\"value\":\"1\"}", "fields[0].id"},
                {"{\"value\":\"1\"}", "fields[0].id"}};
        for (String[] c : cases) {
            ApiClient.Response refused = api.post("/api/v1/contact", "{\"fields\":[" + c[0] + "]}");
            assertThat(refused.status()).as(c[0]).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).as(c[0]).containsExactly(c[1]);
        }
        ApiClient.Response bulk = api.post("/api/v1/contacts", "{\"contacts\":[{\"firstName\":\"a\"},{\"fields\":[{\"id\":"
                + score + ",\"value\":\"NaN?\"}]}]}");
        assertThat(bulk.json().get("errors").findValuesAsString("field")).containsExactly("contacts[1].fields[0].value");
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isZero();
    }

    @Test
    void definitionsAreCheckedAndBelongToTheirAccount() {
        ApiClient api = newAccount();
        long mine = define(api, "{\"name\":\"city\",\"type\":\"text\"}");
        assertThat(api.post("/api/v1/contactfields", "{\"name\":\"City\",\"type\":\"text\"}").status())
                .as("fields are set by name regardless of case").isEqualTo(409);
        assertThat(api.post("/api/v1/contactfields", "{\"name\":\"city\",\"type\":\"text\"}").status()).isEqualTo(409);
        for (String[] c : new String[][] {{"{\"type\":\"text\"}", "name"}, {"{\"name\":\"x\",\"type\":\"colour\"}", "type"},
                {"{\"name\":\"x\",\"type\":\"list\"}", "options"}, {"{\"name\":\"x\",\"type\":\"text\",\"options\":[\"a\"]}", "options"},
                {"{\"name\":\"x\",\"type\":\"list\",\"options\":[\"a\",\"a\"]}", "options"}, {"{\"name\":\"123\",\"type\":\"text\"}", "name"},
                {"{\"name\":[1],\"type\":\"text\"}", "name"}}) {
            ApiClient.Response refused = api.post("/api/v1/contactfields", c[0]);
            assertThat(refused.status()).as(c[0] + " " + refused.text()).isEqualTo(400);
            assertThat(refused.text()).as(c[0]).contains("\"" + c[1]);
        }

        ApiClient stranger = newAccount();
        assertThat(stranger.get("/api/v1/contactfields/" + mine).status()).isEqualTo(404);
        assertThat(stranger.delete("/api/v1/contactfields/" + mine).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/contactfields").json().get("count").asInt()).isZero();
        ApiClient.Response foreign = stranger.post("/api/v1/contact", "{\"fields\":[{\"id\":" + mine + ",\"value\":\"x\"}]}");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("errors").findValuesAsString("field")).containsExactly("fields[0].id");
        assertThat(api.get("/api/v1/contactfields/" + mine).status()).isEqualTo(200);
    }

    private static String value(JsonNode fields, long id) {
        for (JsonNode field : fields) {
            if (field.get("id").asLong() == id) {
                return field.get("value").asString();
            }
        }
        return null;
    }
}
