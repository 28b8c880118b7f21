package dev.herald.group;

import static dev.herald.group.GroupFixtures.contact;
import static dev.herald.group.GroupsApiTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Dynamic groups: conditions on built-in and custom fields, channels, opt-outs and activity, evaluated in SQL
 * on every read; hostile conditions are 400s naming the place.
 */
class DynamicGroupTest extends HeraldTest {

    private AccountId account;

    private ApiClient account() {
        account = accounts.create("dyn-" + UUID.randomUUID(), ZoneId.of("UTC"));
        return new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token());
    }

    private long field(String name, String type) {
        return jdbc.sql("INSERT INTO contact_field (account_id, name, type) VALUES (?, ?, ?) RETURNING id")
                .params(account.value(), name, type).query(Long.class).single();
    }

    private void value(long contact, long field, String value) {
        jdbc.sql("INSERT INTO contact_field_value (account_id, contact_id, field_id, value) VALUES (?, ?, ?, ?)")
                .params(account.value(), contact, field, value).update();
    }

    private static List<String> names(ApiClient api, String conditions) {
        ApiClient.Response created = api.post("/api/v1/groups", "{\"name\":\"g-" + UUID.randomUUID()
                + "\",\"type\":\"Dynamic\",\"conditions\":" + conditions + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        ApiClient.Response contacts = api.get("/api/v1/group/" + id + "/contacts");
        assertThat(contacts.header("TotalCount")).isEqualTo(String.valueOf(created.json().get("contactsCount").asLong()));
        return contacts.json().findValuesAsString("firstName");
    }

    @Test
    void conditionsOnFieldsCustomFieldsChannelsAndOptOutsChooseTheContacts() {
        ApiClient api = account();
        long anna = contact(api, "{\"firstName\":\"Anna\",\"email\":\"anna@shop.example\",\"phone\":\"79990000001\"}");
        long boris = contact(api, "{\"firstName\":\"Boris\",\"email\":\"boris@other.example\"}");
        long clara = contact(api, "{\"firstName\":\"Clara\",\"phone\":\"79990000003\"}");
        long city = field("city", "text");
        long orders = field("orders", "number");
        long birthday = field("birthday", "date");
        long vip = field("vip", "boolean");
        value(anna, city, "Kyiv");
        value(boris, city, "Lviv");
        value(anna, orders, "12");
        value(clara, orders, "3");
        value(boris, birthday, "1990-05-01");
        value(clara, vip, "true");
        jdbc.sql("INSERT INTO contact_channel (account_id, contact_id, type, value) VALUES (?, ?, 'viber', 'v-1')")
                .params(account.value(), clara).update();
        jdbc.sql("INSERT INTO contact_unsubscribe (account_id, contact_id, category, channel, source) VALUES (?, ?, 'promo', 'email', 'api')")
                .params(account.value(), boris).update();

        assertThat(names(api, "{\"field\":\"email\",\"op\":\"contains\",\"value\":\"@shop.\"}")).containsExactly("Anna");
        assertThat(names(api, "{\"field\":\"email\",\"op\":\"eq\",\"value\":\"BORIS@Other.Example\"}")).containsExactly("Boris");
        assertThat(names(api, "{\"field\":\"phone\",\"op\":\"exists\"}")).containsExactly("Anna", "Clara");
        assertThat(names(api, "{\"customField\":\"city\",\"op\":\"in\",\"value\":[\"Kyiv\",\"Lviv\"]}")).containsExactly("Anna", "Boris");
        assertThat(names(api, "{\"customField\":" + orders + ",\"op\":\"gt\",\"value\":5}")).containsExactly("Anna");
        assertThat(names(api, "{\"customField\":\"birthday\",\"op\":\"lt\",\"value\":\"2000-01-01\"}")).containsExactly("Boris");
        assertThat(names(api, "{\"customField\":\"vip\",\"op\":\"eq\",\"value\":true}")).containsExactly("Clara");
        assertThat(names(api, "{\"customField\":\"city\",\"op\":\"notExists\"}")).containsExactly("Clara");
        assertThat(names(api, "{\"channel\":\"viber\"}")).containsExactly("Clara");
        assertThat(names(api, "{\"channel\":\"email\",\"present\":false}")).containsExactly("Clara");
        assertThat(names(api, "{\"unsubscribed\":true,\"category\":\"promo\"}")).containsExactly("Boris");
        assertThat(names(api, "{\"all\":[{\"channel\":\"email\"},{\"unsubscribed\":false,\"category\":\"promo\",\"channel\":\"email\"}]}"))
                .containsExactly("Anna");
        assertThat(names(api, "{\"any\":[{\"customField\":\"orders\",\"op\":\"lte\",\"value\":\"3\"},{\"not\":{\"channel\":\"sms\"}}]}"))
                .containsExactly("Boris", "Clara");
        // A value is data, never SQL.
        assertThat(names(api, "{\"field\":\"firstName\",\"op\":\"eq\",\"value\":\"x' OR '1'='1\"}")).isEmpty();
        assertThat(names(api, "{\"field\":\"firstName\",\"op\":\"startsWith\",\"value\":\"%\"}")).isEmpty();

        // The group follows the contacts: a new contact that meets the conditions is in it at once.
        long group = api.post("/api/v1/groups", "{\"name\":\"Shop\",\"type\":\"Dynamic\",\"conditions\":"
                + "{\"field\":\"email\",\"op\":\"contains\",\"value\":\"@shop.\"}}").json().get("id").asLong();
        contact(api, "{\"firstName\":\"Dana\",\"email\":\"dana@shop.example\"}");
        assertThat(api.get("/api/v1/group/" + group).json().get("contactsCount").asLong()).isEqualTo(2);
        ApiClient.Response changed = api.put("/api/v1/group/" + group, "{\"conditions\":{\"field\":\"firstName\",\"op\":\"eq\",\"value\":\"Dana\"}}");
        assertThat(changed.json().get("contactsCount").asLong()).isEqualTo(1);
    }

    @Test
    void activityConditionsFindContactsByWhatTheirMessagesDid() {
        ApiClient api = account();
        long anna = contact(api, "{\"firstName\":\"Anna\",\"phone\":\"79990000011\"}");
        contact(api, "{\"firstName\":\"Boris\",\"phone\":\"79990000012\"}");
        String id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Hi\"}}", "[{\"contactId\":" + anna + "}]"))
                .json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");

        assertThat(names(api, "{\"activity\":\"delivered\",\"withinDays\":30}")).containsExactly("Anna");
        assertThat(names(api, "{\"activity\":\"sent\",\"withinDays\":1,\"messageChannel\":\"sms\"}")).containsExactly("Anna");
        assertThat(names(api, "{\"activity\":\"sent\",\"withinDays\":1,\"messageChannel\":\"email\"}")).isEmpty();
        assertThat(names(api, "{\"activity\":\"clicked\",\"withinDays\":30}")).isEmpty();
        jdbc.sql("UPDATE message SET status = 'CLICKED', updated_at = now() WHERE id = ?").param(UUID.fromString(id)).update();
        assertThat(names(api, "{\"activity\":\"clicked\",\"withinDays\":30}")).containsExactly("Anna");
        assertThat(names(api, "{\"activity\":\"clicked\",\"withinDays\":30,\"present\":false}")).containsExactly("Boris");
    }

    @Test
    void hostileConditionsAre400sNamingThePlace() {
        ApiClient api = account();
        field("orders", "number");
        String deep = "{\"field\":\"email\",\"op\":\"exists\"}";
        for (int i = 0; i < 6; i++) {
            deep = "{\"all\":[" + deep + "]}";
        }
        assertThat(problems(api, deep)).anyMatch(p -> p.contains("nested deeper"));
        assertThat(fields(create(api, "{\"field\":\"password\",\"op\":\"eq\",\"value\":\"x\"}"))).containsExactly("conditions.field");
        assertThat(fields(create(api, "{\"field\":\"email\",\"op\":\"like\",\"value\":\"x\"}"))).containsExactly("conditions.op");
        assertThat(fields(create(api, "{\"field\":\"email\",\"op\":\"eq\"}"))).containsExactly("conditions.value");
        assertThat(fields(create(api, "{\"customField\":\"nope\",\"op\":\"eq\",\"value\":\"x\"}"))).containsExactly("conditions.customField");
        assertThat(fields(create(api, "{\"all\":[{\"customField\":\"orders\",\"op\":\"gt\",\"value\":\"many\"}]}")))
                .containsExactly("conditions.all[0].value");
        assertThat(fields(create(api, "{\"customField\":\"orders\",\"op\":\"contains\",\"value\":\"1\"}"))).containsExactly("conditions.op");
        assertThat(fields(create(api, "{\"channel\":\"pigeon\"}"))).containsExactly("conditions.channel");
        assertThat(fields(create(api, "{\"activity\":\"clicked\",\"withinDays\":99999}"))).containsExactly("conditions.withinDays");
        assertThat(fields(create(api, "{\"inGroup\":123456}"))).containsExactly("conditions.inGroup");
        assertThat(fields(create(api, "{\"drop\":\"table\"}"))).containsExactly("conditions.drop");
        assertThat(fields(create(api, "{\"any\":[]}"))).containsExactly("conditions.any");
        assertThat(fields(create(api, "[1,2]"))).containsExactly("conditions");
        assertThat(fields(create(api, "{\"field\":\"email\",\"op\":\"eq\",\"value\":\"" + "x".repeat(501) + "\"}")))
                .containsExactly("conditions.value");
        StringBuilder wide = new StringBuilder("{\"any\":[");
        for (int i = 0; i < 51; i++) {
            wide.append(i == 0 ? "" : ",").append("{\"channel\":\"sms\"}");
        }
        assertThat(fields(create(api, wide + "]}"))).containsExactly("conditions.any");
        assertThat(api.get("/api/v1/groups").json()).as("nothing was stored").isEmpty();
    }

    @Test
    void aGroupMayIncludeAStaticGroupOfItsOwnAccountOnly() {
        ApiClient api = account();
        long anna = contact(api, "{\"firstName\":\"Anna\",\"email\":\"a@example.com\"}");
        contact(api, "{\"firstName\":\"Boris\",\"email\":\"b@example.com\"}");
        long members = GroupFixtures.newGroup(api, "{\"name\":\"Members\"}");
        api.post("/api/v1/group/" + members + "/contacts/attach", "{\"contactIds\":[" + anna + "]}");
        assertThat(names(api, "{\"all\":[{\"channel\":\"email\"},{\"not\":{\"inGroup\":" + members + "}}]}")).containsExactly("Boris");

        ApiClient other = account();
        assertThat(fields(create(other, "{\"inGroup\":" + members + "}"))).containsExactly("conditions.inGroup");
    }

    private static ApiClient.Response create(ApiClient api, String conditions) {
        return api.post("/api/v1/groups", "{\"name\":\"bad\",\"type\":\"Dynamic\",\"conditions\":" + conditions + "}");
    }

    private static List<String> problems(ApiClient api, String conditions) {
        ApiClient.Response response = create(api, conditions);
        assertThat(response.status()).isEqualTo(400);
        return response.json().get("errors").findValuesAsString("message");
    }
}
