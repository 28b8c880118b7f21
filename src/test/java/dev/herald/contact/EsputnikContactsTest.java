package dev.herald.contact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** eSputnik's contact methods through HTTP with eSputnik-shaped bodies: import, single contacts, search, isolation. */
class EsputnikContactsTest extends HeraldTest {

    static JsonNode importAndWait(ApiClient api, String body) {
        ApiClient.Response accepted = api.post("/api/v1/contacts", body);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        String session = accepted.json().get("asyncSessionId").asString();
        eventually().until(() -> api.get("/api/v1/importstatus/" + session).json().get("status").asString()
                .equals("FINISHED"));
        return api.get("/api/v1/importstatus/" + session).json();
    }

    static JsonNode byEmail(ApiClient api, String email) {
        ApiClient.Response found = api.get("/api/v1/contacts?email=" + email + "&startindex=1&maxrows=10");
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        assertThat(found.json().size()).as(found.text()).isEqualTo(1);
        return found.json().get(0);
    }

    @Test
    void theIssuesBodyMakesAContactWithItsEmailNotAnEmptyOne() {
        ApiClient api = newAccount();

        JsonNode status = importAndWait(api, "{\"contacts\":[{\"channels\":[{\"type\":\"email\",\"value\":\"x@y.z\"}]}]}");

        assertThat(status.get("created").asInt()).isEqualTo(1);
        JsonNode contact = byEmail(api, "x@y.z");
        assertThat(contact.get("channels").get(0).get("type").asString()).isEqualTo("email");
        assertThat(contact.get("channels").get(0).get("value").asString()).isEqualTo("x@y.z");
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isEqualTo(1);
    }

    @Test
    void aBulkUpsertCreatesUpdatesAndJoinsGroupsByName() {
        ApiClient api = newAccount();
        JsonNode first = importAndWait(api, """
                {"dedupeOn": "email", "groupNames": ["Newsletter"], "contacts": [
                  {"firstName": "Олена", "lastName": "Коваль", "externalCustomerId": "crm-1",
                   "channels": [{"type": "email", "value": "Olena@Example.com"}, {"type": "sms", "value": "+380 50 123 45 67"},
                                {"type": "viber", "value": "380501234567"}, {"type": "mobilepush", "value": "fcm-token-1"}],
                   "address": {"region": "Kyiv", "town": "Kyiv", "address": "Khreshchatyk 1", "postcode": "01001"},
                   "languageCode": "uk", "timeZone": "Europe/Kyiv", "groups": [{"name": "VIP"}]},
                  {"firstName": "Ivan", "channels": [{"type": "email", "value": "ivan@example.com"}]}]}""");
        assertThat(first.get("total").asInt()).isEqualTo(2);
        assertThat(first.get("created").asInt()).isEqualTo(2);

        JsonNode olena = byEmail(api, "olena@example.com");
        assertThat(olena.get("firstName").asString()).isEqualTo("Олена");
        assertThat(olena.get("externalCustomerId").asString()).isEqualTo("crm-1");
        assertThat(olena.get("languageCode").asString()).isEqualTo("uk");
        assertThat(olena.get("timeZone").asString()).isEqualTo("Europe/Kyiv");
        assertThat(olena.get("address").get("postcode").asString()).isEqualTo("01001");
        assertThat(olena.get("channels").findValuesAsString("type")).containsExactlyInAnyOrder("email", "sms", "mobilepush", "viber");
        assertThat(olena.get("channels").get(1).get("value").asString()).isEqualTo("380501234567");
        assertThat(olena.get("groups").findValuesAsString("name")).containsExactlyInAnyOrder("Newsletter", "VIP");
        assertThat(olena.get("groups").get(0).get("type").asString()).isEqualTo("Static");
        long id = olena.get("id").asLong();
        assertThat(api.get("/api/v1/contact/" + id).json()).isEqualTo(olena);
        // Herald's own dialect sees the same contact.
        assertThat(api.get("/api/v1/contacts/" + id).json().get("phone").asString()).isEqualTo("380501234567");

        // Found by e-mail: only the listed attributes change; an entry without the key is a new contact.
        JsonNode second = importAndWait(api, """
                {"dedupeOn": "email", "contactFields": ["firstName"], "contacts": [
                  {"firstName": "Olena", "lastName": "Changed", "channels": [{"type": "email", "value": "olena@example.com"}]},
                  {"firstName": "Petro", "channels": [{"type": "sms", "value": "380671112233"}]}]}""");
        assertThat(second.get("updated").asInt()).isEqualTo(1);
        assertThat(second.get("created").asInt()).isEqualTo(1);
        JsonNode updated = api.get("/api/v1/contact/" + id).json();
        assertThat(updated.get("firstName").asString()).isEqualTo("Olena");
        assertThat(updated.get("lastName").asString()).isEqualTo("Коваль");

        ApiClient.Response all = api.get("/api/v1/contacts?startindex=2&maxrows=1");
        assertThat(all.header("TotalCount")).isEqualTo("3");
        assertThat(all.json().size()).isEqualTo(1);
        assertThat(all.json().get(0).get("firstName").asString()).isEqualTo("Ivan");
        long group = java.util.stream.StreamSupport.stream(olena.get("groups").spliterator(), false)
                .filter(g -> g.get("name").asString().equals("VIP")).findFirst().orElseThrow().get("id").asLong();
        assertThat(api.get("/api/v1/contacts?groupId=" + group).json().findValuesAsString("firstName"))
                .containsExactly("Olena");
        assertThat(api.get("/api/v1/contacts?sms=%2B380671112233").json().get(0).get("firstName").asString())
                .isEqualTo("Petro");
        assertThat(api.get("/api/v1/contacts?externalCustomerId=crm-1&maxrows=5").json().get(0).get("id").asLong())
                .isEqualTo(id);
    }

    @Test
    void entriesThatCannotBeAppliedAreReportedOneByOneAndTheRestIsApplied() {
        ApiClient api = newAccount();
        importAndWait(api, "{\"contacts\":[{\"externalCustomerId\":\"a-1\",\"channels\":[{\"type\":\"email\",\"value\":\"a@example.com\"}]}]}");

        JsonNode status = importAndWait(api, """
                {"dedupeOn": "externalCustomerId", "contacts": [
                  {"externalCustomerId": "b-1", "channels": [{"type": "email", "value": "a@example.com"}]},
                  {"externalCustomerId": "c-1", "firstName": "Old"},
                  {"externalCustomerId": "c-1", "firstName": "New"},
                  {"externalCustomerId": "d-1", "channels": [{"type": "sms", "value": "380501110000"}]},
                  {"externalCustomerId": "e-1", "channels": [{"type": "sms", "value": "380501110000"}]}]}""");

        assertThat(status.get("created").asInt()).isEqualTo(2);
        assertThat(status.get("rejected").asInt()).isEqualTo(2);
        assertThat(status.get("skipped").asInt()).isEqualTo(1);
        JsonNode errors = status.get("errors");
        assertThat(errors.findValuesAsString("code")).containsExactly("IDENTIFIER_IN_USE", "DUPLICATE", "IDENTIFIER_IN_USE");
        assertThat(errors.get(0).get("index").asInt()).isZero();
        assertThat(errors.get(0).get("message").asString()).contains("a@example.com").contains("contact 1");
        assertThat(errors.get(2).get("index").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/contacts?externalCustomerId=c-1&maxrows=1").json().get(0).get("firstName").asString())
                .isEqualTo("New");
    }

    @Test
    void aBodyThatFitsNeitherDialectIsA400NamingTheFieldAndStoresNothing() {
        ApiClient api = newAccount();
        record Case(String body, String field) {}
        for (Case c : List.of(
                new Case("{\"channels\":[{\"type\":\"email\",\"value\":\"x@y.z\"}]}", "channels"),
                new Case("{\"contacts\":[{\"channels\":\"x@y.z\"}]}", "contacts[0].channels"),
                new Case("{\"contacts\":[{\"channels\":[{\"type\":\"fax\",\"value\":\"1\"}]}]}", "contacts[0].channels[0].type"),
                new Case("{\"contacts\":[{\"channels\":[{\"type\":\"email\",\"value\":\"nope\"}]}]}", "contacts[0].channels[0].value"),
                new Case("{\"contacts\":[{\"firstName\":{\"a\":1}}]}", "contacts[0].firstName"),
                new Case("{\"contacts\":[{\"email\":\"x@y.z\"}]}", "contacts[0].email"),
                new Case("{\"contacts\":[{\"nickname\":\"x\"}]}", "contacts[0].nickname"),
                new Case("{\"contacts\":[{\"timeZone\":\"Mars/Olympus\"}]}", "contacts[0].timeZone"),
                new Case("{\"contacts\":[{\"fields\":[{\"id\":999999,\"value\":\"1\"}]}]}", "contacts[0].fields[0].id"),
                new Case("{\"contacts\":[{\"firstName\":\"a\"}, 5]}", "contacts[1]"),
                new Case("{\"contacts\":[], \"dedupeOn\":\"email\"}", "contacts"),
                new Case("{\"contacts\":[{\"firstName\":\"a\"}], \"dedupeOn\":\"shoeSize\"}", "dedupeOn"),
                new Case("{\"contacts\":[{\"firstName\":\"a\"}], \"restoreDeleted\":\"yes\"}", "restoreDeleted"),
                new Case("{\"contacts\":[{\"firstName\":\"a\"}], \"groupNames\":\"VIP\"}", "groupNames"),
                new Case("{\"contacts\":[{\"firstName\":\"a\"}], \"email\":\"x@y.z\"}", "email"),
                new Case("{\"nickname\":\"x\"}", "nickname"),
                new Case("{\"firstName\":5}", "firstName"),
                new Case("[1,2]", "body"),
                new Case("{\"contacts\":[{\"firstName\":\"a\"}", "body"),
                new Case("\"text\"", "body"))) {
            ApiClient.Response refused = api.post("/api/v1/contacts", c.body());
            assertThat(refused.status()).as(c.body() + " → " + refused.text()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).as(c.body()).contains(c.field());
        }
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM contact_import i JOIN account a ON a.id = i.account_id "
                + "WHERE i.status <> 'FINISHED' AND i.total = 0").query(Long.class).single()).isZero();
        // Herald's own single contact still works on the same path.
        assertThat(api.post("/api/v1/contacts", "{\"email\":\"own@example.com\"}").status()).isEqualTo(201);
    }

    @Test
    void aHugeBodyIs413AndTooManyProblemsStillA400() {
        ApiClient api = newAccount();
        StringBuilder body = new StringBuilder("{\"contacts\":[");
        for (int i = 0; i < 30000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"firstName\":\"Name ").append(i).append("\",\"lastName\":\"x\"}");
        }
        body.append("]}");
        assertThat(api.post("/api/v1/contacts", body.toString()).status()).isEqualTo(413);
        StringBuilder bad = new StringBuilder("{\"contacts\":[");
        for (int i = 0; i < 200; i++) {
            bad.append(i == 0 ? "" : ",").append("{\"timeZone\":7}");
        }
        ApiClient.Response refused = api.post("/api/v1/contacts", bad.append("]}").toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").size()).isLessThanOrEqualTo(EsputnikContactEdits.MAX_PROBLEMS);
    }

    @Test
    void singleContactsAreAddedReplacedAndFound() {
        ApiClient api = newAccount();
        ApiClient.Response added = api.post("/api/v1/contact", """
                {"firstName": "Anna", "channels": [{"type": "email", "value": "anna@example.com"},
                 {"type": "webpush", "value": "{\\"endpoint\\":\\"https://push.example/1\\"}"}], "groups": [{"name": "Shop"}]}""");
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        long id = added.json().get("id").asLong();
        assertThat(added.json().get("groups").get(0).get("name").asString()).isEqualTo("Shop");

        // POST contact again with the same e-mail: the same contact, changed.
        ApiClient.Response again = api.post("/api/v1/contact", "{\"lastName\": \"Bond\", \"channels\": [{\"type\": \"email\", \"value\": \"ANNA@example.com\"}]}");
        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        assertThat(again.json().get("firstName").asString()).isEqualTo("Anna");
        assertThat(again.json().get("lastName").asString()).isEqualTo("Bond");

        ApiClient.Response replaced = api.put("/api/v1/contact/" + id, "{\"channels\": [{\"type\": \"sms\", \"value\": \"380931234567\"}]}");
        assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
        assertThat(replaced.json().get("channels").findValuesAsString("type")).containsExactly("sms");
        assertThat(replaced.json().get("firstName").asString()).isEqualTo("Anna");

        long other = api.post("/api/v1/contact", "{\"channels\": [{\"type\": \"email\", \"value\": \"other@example.com\"}]}")
                .json().get("id").asLong();
        ApiClient.Response clash = api.put("/api/v1/contact/" + other, "{\"channels\": [{\"type\": \"sms\", \"value\": \"380931234567\"}]}");
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().get("detail").asString()).contains("contact " + id);
        assertThat(api.put("/api/v1/contact/" + other, "{\"id\": " + id + "}").status()).isEqualTo(400);
        assertThat(api.put("/api/v1/contact/99999", "{\"firstName\": \"x\"}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/contact/99999").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/contact/abc").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/contact", "{\"channels\": [{\"type\": \"telegram\", \"value\": \"123\"}]}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/contact", "[]").status()).isEqualTo(400);

        JsonNode emails = api.get("/api/v1/contacts/email?ids=" + id + "," + other + ",424242").json();
        assertThat(emails.get("results").findValuesAsString("email")).containsExactly("other@example.com");
        assertThat(api.get("/api/v1/contacts/email?ids=1,x").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/contacts?maxrows=501").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/contacts?startindex=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/importstatus/not-a-session").status()).isEqualTo(400);
    }

    @Test
    void anotherAccountsContactsAndImportsAreInvisible() {
        ApiClient owner = newAccount();
        ApiClient stranger = newAccount();
        ApiClient.Response accepted = owner.post("/api/v1/contacts",
                "{\"contacts\":[{\"channels\":[{\"type\":\"email\",\"value\":\"mine@example.com\"}]}]}");
        String session = accepted.json().get("asyncSessionId").asString();
        eventually().until(() -> owner.get("/api/v1/importstatus/" + session).json().get("status").asString()
                .equals("FINISHED"));
        long id = byEmail(owner, "mine@example.com").get("id").asLong();

        assertThat(stranger.get("/api/v1/importstatus/" + session).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/contact/" + id).status()).isEqualTo(404);
        assertThat(stranger.put("/api/v1/contact/" + id, "{\"firstName\":\"x\"}").status()).isEqualTo(404);
        assertThat(stranger.delete("/api/v1/contact/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/contacts?email=mine@example.com&maxrows=10").json().size()).isZero();
        assertThat(stranger.get("/api/v1/contacts/email?ids=" + id).json().get("results").size()).isZero();
        // dedupeOn id in another account does not reach the owner's contact
        JsonNode status = importAndWait(stranger, "{\"dedupeOn\":\"id\",\"contacts\":[{\"id\":" + id + ",\"firstName\":\"x\"}]}");
        assertThat(status.get("errors").get(0).get("code").asString()).isEqualTo("UNKNOWN_CONTACT");
        assertThat(owner.get("/api/v1/contact/" + id).json().has("firstName")).isFalse();
    }

    @Test
    void restoreDeletedBringsAnErasedContactBackByIdWithoutItsOldData() {
        ApiClient api = newAccount();
        long id = api.post("/api/v1/contact", "{\"firstName\":\"Gone\",\"channels\":[{\"type\":\"email\",\"value\":\"gone@example.com\"}]}")
                .json().get("id").asLong();
        assertThat(api.delete("/api/v1/contact/" + id).status()).isEqualTo(200);

        JsonNode refused = importAndWait(api, "{\"dedupeOn\":\"id\",\"contacts\":[{\"id\":" + id + ",\"firstName\":\"Back\"}]}");
        assertThat(refused.get("errors").get(0).get("code").asString()).isEqualTo("DELETED");
        assertThat(api.get("/api/v1/contact/" + id).status()).isEqualTo(404);

        JsonNode restored = importAndWait(api, "{\"dedupeOn\":\"id\",\"restoreDeleted\":true,\"contacts\":[{\"id\":" + id
                + ",\"firstName\":\"Back\"}]}");
        assertThat(restored.get("updated").asInt()).isEqualTo(1);
        JsonNode back = api.get("/api/v1/contact/" + id).json();
        assertThat(back.get("firstName").asString()).isEqualTo("Back");
        assertThat(back.get("channels")).isEmpty();
    }
}
