package dev.herald.group;

import static dev.herald.group.GroupFixtures.contact;
import static dev.herald.group.GroupFixtures.newGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Static groups in eSputnik's dialect: groups, group/{id}/contacts paged by startindex/maxrows, attach, detach. */
class GroupsApiTest extends HeraldTest {

    @Test
    void aStaticGroupTakesContactsAndListsThemPagedWithTheirChannels() {
        ApiClient api = newAccount();
        long anna = contact(api, "{\"firstName\":\"Anna\",\"email\":\"anna@example.com\",\"phone\":\"79990000001\"}");
        long boris = contact(api, "{\"firstName\":\"Boris\",\"externalCustomerId\":\"crm-2\",\"email\":\"b@example.com\"}");
        long clara = contact(api, "{\"firstName\":\"Clara\",\"phone\":\"79990000003\"}");
        ApiClient.Response created = api.post("/api/v1/groups", "{\"name\":\"VIP\",\"type\":\"Static\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("type").asString()).isEqualTo("Static");
        assertThat(created.json().get("contactsCount").asLong()).isZero();
        long vip = created.json().get("id").asLong();

        ApiClient.Response attached = api.post("/api/v1/group/" + vip + "/contacts/attach",
                "{\"contactIds\":[" + anna + "," + boris + "," + clara + "," + clara + "]}");
        assertThat(attached.status()).isEqualTo(200);
        assertThat(attached.json().get("attached").asInt()).isEqualTo(3);

        ApiClient.Response groups = api.get("/api/v1/groups");
        assertThat(groups.header("TotalCount")).isEqualTo("1");
        assertThat(groups.json().get(0).get("name").asString()).isEqualTo("VIP");
        assertThat(api.get("/api/v1/groups?name=ip").json()).hasSize(1);
        assertThat(api.get("/api/v1/groups?name=nope").json()).isEmpty();

        ApiClient.Response page = api.get("/api/v1/group/" + vip + "/contacts?startindex=2&maxrows=1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("TotalCount")).isEqualTo("3");
        JsonNode second = page.json().get(0);
        assertThat(page.json()).hasSize(1);
        assertThat(second.get("id").asLong()).isEqualTo(boris);
        assertThat(second.get("externalCustomerId").asString()).isEqualTo("crm-2");
        assertThat(second.get("channels").get(0).get("type").asString()).isEqualTo("email");
        assertThat(second.get("channels").get(0).get("value").asString()).isEqualTo("b@example.com");
        JsonNode all = api.get("/api/v1/group/" + vip + "/contacts").json();
        assertThat(all.findValuesAsString("firstName")).containsExactly("Anna", "Boris", "Clara");
        assertThat(all.get(0).get("channels").findValuesAsString("type")).containsExactly("email", "sms");

        ApiClient.Response detached = api.post("/api/v1/group/" + vip + "/contacts/detach", "{\"contactIds\":[" + anna + "]}");
        assertThat(detached.json().get("detached").asInt()).isEqualTo(1);
        assertThat(api.post("/api/v1/group/" + vip + "/contacts/detach", "{\"externalCustomerIds\":[\"crm-2\"]}")
                .json().get("detached").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/group/" + vip).json().get("contactsCount").asLong()).isEqualTo(1);
        assertThat(api.post("/api/v1/group/" + vip + "/contacts/detach", "{}").json().get("detached").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/group/" + vip + "/contacts").json()).isEmpty();
        assertThat(api.get("/api/v1/contacts/" + anna).status()).as("contacts stay").isEqualTo(200);
    }

    @Test
    void groupsAreRenamedAndDeletedAndNamesAreUnique() {
        ApiClient api = newAccount();
        long id = newGroup(api, "{\"name\":\"News\"}");
        assertThat(api.post("/api/v1/groups", "{\"name\":\"News\"}").status()).isEqualTo(409);
        ApiClient.Response renamed = api.put("/api/v1/group/" + id, "{\"name\":\"Newsletter\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asString()).isEqualTo("Newsletter");
        assertThat(api.delete("/api/v1/group/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/group/" + id).status()).isEqualTo(404);
    }

    @Test
    void badBodiesAndParametersAre400sNamingTheField() {
        ApiClient api = newAccount();
        assertThat(fields(api.post("/api/v1/groups", "{\"type\":\"Combined\"}"))).containsExactlyInAnyOrder("name", "type");
        assertThat(fields(api.post("/api/v1/groups", "{\"name\":\"x\",\"type\":\"Dynamic\"}"))).containsExactly("conditions");
        assertThat(fields(api.post("/api/v1/groups", "{\"name\":\"x\",\"conditions\":{\"field\":\"email\",\"op\":\"exists\"}}")))
                .containsExactly("conditions");
        assertThat(fields(api.post("/api/v1/groups", "{\"name\":\"" + "n".repeat(201) + "\"}"))).containsExactly("name");
        long id = newGroup(api, "{\"name\":\"Static one\"}");
        assertThat(fields(api.get("/api/v1/group/" + id + "/contacts?maxrows=501"))).containsExactly("maxrows");
        assertThat(fields(api.get("/api/v1/group/" + id + "/contacts?startindex=0"))).containsExactly("startindex");
        assertThat(fields(api.post("/api/v1/group/" + id + "/contacts/attach", "{}"))).containsExactly("contactIds");
        StringBuilder many = new StringBuilder("{\"contactIds\":[1");
        for (int i = 2; i <= 501; i++) {
            many.append(',').append(i);
        }
        assertThat(fields(api.post("/api/v1/group/" + id + "/contacts/attach", many + "]}"))).containsExactly("contactIds");
        assertThat(api.get("/api/v1/group/abc").status()).isEqualTo(400);

        long dynamic = newGroup(api, "{\"name\":\"With e-mail\",\"type\":\"Dynamic\",\"conditions\":{\"channel\":\"email\"}}");
        assertThat(api.post("/api/v1/group/" + dynamic + "/contacts/attach", "{\"contactIds\":[1]}").status()).isEqualTo(409);
        assertThat(fields(api.put("/api/v1/group/" + id, "{\"conditions\":{\"channel\":\"email\"}}"))).containsExactly("conditions");
    }

    @Test
    void anotherAccountsGroupsAndContactsAreOutOfReach() {
        ApiClient mine = newAccount();
        ApiClient theirs = newAccount();
        long theirContact = contact(theirs, "{\"email\":\"their@example.com\"}");
        long theirGroup = newGroup(theirs, "{\"name\":\"Theirs\"}");
        theirs.post("/api/v1/group/" + theirGroup + "/contacts/attach", "{\"contactIds\":[" + theirContact + "]}");
        long myGroup = newGroup(mine, "{\"name\":\"Mine\"}");

        assertThat(mine.get("/api/v1/group/" + theirGroup).status()).isEqualTo(404);
        assertThat(mine.get("/api/v1/group/" + theirGroup + "/contacts").status()).isEqualTo(404);
        assertThat(mine.post("/api/v1/group/" + theirGroup + "/contacts/detach", "{}").status()).isEqualTo(404);
        assertThat(mine.put("/api/v1/group/" + theirGroup, "{\"name\":\"Taken\"}").status()).isEqualTo(404);
        assertThat(mine.delete("/api/v1/group/" + theirGroup).status()).isEqualTo(404);
        assertThat(mine.get("/api/v1/groups").json()).hasSize(1);
        // Contact numbers are per account: their contact's number is not one of mine.
        mine.post("/api/v1/group/" + myGroup + "/contacts/attach", "{\"contactIds\":[" + theirContact + "]}");
        assertThat(mine.get("/api/v1/group/" + myGroup + "/contacts").json().findValuesAsString("value"))
                .doesNotContain("their@example.com");
        assertThat(theirs.get("/api/v1/group/" + theirGroup + "/contacts").header("TotalCount")).isEqualTo("1");
    }

    static java.util.List<String> fields(ApiClient.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        return response.json().get("errors").findValuesAsString("field");
    }
}
