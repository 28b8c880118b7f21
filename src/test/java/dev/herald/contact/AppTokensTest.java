package dev.herald.contact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.telegram.FakeTelegram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/apps/{app_uuid}/tokens} rule by rule, as the reference describes "Add application
 * tokens" (see {@code reference/esputnik-telegram-bot-tokens.uk.txt}).
 */
class AppTokensTest extends HeraldTest {

    private static final FakeTelegram TELEGRAM = FakeTelegram.get();
    private static final AtomicLong CHATS = new AtomicLong(600_000_000L);

    @Test
    void aTokenWhoseIdentifiersFindNoContactCreatesOneWithAllOfThem() {
        ApiClient api = newAccount();
        String app = connect(api);
        String chat = nextChat();

        JsonNode report = addTokens(api, app, "{\"tokens\":[{\"token\":\"" + chat + "\",\"externalCustomerId\":\"c-1\","
                + "\"phone\":\"+7 (999) 123-45-67\",\"email\":\"Ivan@Example.COM\"}]}");

        JsonNode result = report.get("results").get(0);
        assertThat(result.get("status").asString()).isEqualTo("CREATED");
        assertThat(report.get("created").asInt()).isEqualTo(1);
        JsonNode contact = contact(api, result.get("contactId").asLong());
        assertThat(contact.get("externalCustomerId").asString()).isEqualTo("c-1");
        assertThat(contact.get("phone").asString()).isEqualTo("79991234567");
        assertThat(contact.get("email").asString()).isEqualTo("ivan@example.com");
        assertThat(tokensOf(contact)).containsExactly(chat);
        assertThat(contact.get("tokens").get(0).get("app_uuid").asString()).isEqualTo(app);
    }

    @Test
    void lookupPriorityIsContactIdThenExternalCustomerIdThenPhoneThenEmail() {
        ApiClient api = newAccount();
        String app = connect(api);
        long byId = createContact(api, "{\"externalCustomerId\":\"id-owner\"}");
        long byExternal = createContact(api, "{\"externalCustomerId\":\"ext-1\"}");
        long byPhone = createContact(api, "{\"phone\":\"79990000001\"}");
        long byEmail = createContact(api, "{\"email\":\"e1@example.com\"}");
        String[] chats = {nextChat(), nextChat(), nextChat(), nextChat()};

        // Each entry's identifiers point at different contacts; the highest-priority one that matches wins.
        JsonNode results = addTokens(api, app, "{\"tokens\":["
                + "{\"token\":\"" + chats[0] + "\",\"contactId\":" + byId + ",\"externalCustomerId\":\"ext-1\","
                + "\"phone\":\"79990000001\",\"email\":\"e1@example.com\"},"
                + "{\"token\":\"" + chats[1] + "\",\"externalCustomerId\":\"ext-1\",\"phone\":\"79990000001\","
                + "\"email\":\"e1@example.com\"},"
                + "{\"token\":\"" + chats[2] + "\",\"externalCustomerId\":\"unknown\",\"phone\":\"79990000001\","
                + "\"email\":\"e1@example.com\"},"
                + "{\"token\":\"" + chats[3] + "\",\"phone\":\"79990000999\",\"email\":\"E1@example.com\"}]}")
                .get("results");

        assertThat(results.findValuesAsString("status")).containsOnly("ADDED");
        assertThat(results.get(0).get("contactId").asLong()).isEqualTo(byId);
        assertThat(results.get(1).get("contactId").asLong()).isEqualTo(byExternal);
        assertThat(results.get(2).get("contactId").asLong()).isEqualTo(byPhone);
        assertThat(results.get(3).get("contactId").asLong()).isEqualTo(byEmail);
        assertThat(tokensOf(contact(api, byEmail))).containsExactly(chats[3]);
    }

    @Test
    void aFoundContactsIdentifiersAreNeitherCreatedNorChanged() {
        ApiClient api = newAccount();
        String app = connect(api);
        long id = createContact(api, "{\"externalCustomerId\":\"keep-1\",\"phone\":\"79990000002\"}");
        String chat = nextChat();

        JsonNode result = addTokens(api, app, "{\"tokens\":[{\"token\":\"" + chat + "\",\"externalCustomerId\":\"keep-1\","
                + "\"phone\":\"79990000003\",\"email\":\"new@example.com\"}]}").get("results").get(0);

        assertThat(result.get("status").asString()).isEqualTo("ADDED");
        assertThat(result.get("contactId").asLong()).isEqualTo(id);
        JsonNode contact = contact(api, id);
        assertThat(contact.get("phone").asString()).isEqualTo("79990000002");
        assertThat(contact.get("email").isNull()).isTrue();
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).as("no other contact was made").isEqualTo(1);
        assertThat(api.get("/api/v1/contacts?phone=79990000003").json().get("count").asLong()).isZero();
    }

    @Test
    void twoDifferentTokensForOneEmailAreBothKept() {
        ApiClient api = newAccount();
        String app = connect(api);
        String first = nextChat();
        String second = nextChat();

        JsonNode one = addTokens(api, app, "{\"tokens\":[{\"token\":\"" + first + "\",\"email\":\"both@example.com\"}]}");
        JsonNode two = addTokens(api, app, "{\"tokens\":[{\"token\":\"" + second + "\",\"email\":\"both@example.com\"}]}");

        assertThat(one.get("results").get(0).get("status").asString()).isEqualTo("CREATED");
        assertThat(two.get("results").get(0).get("status").asString()).isEqualTo("ADDED");
        long id = one.get("results").get(0).get("contactId").asLong();
        assertThat(two.get("results").get(0).get("contactId").asLong()).isEqualTo(id);
        assertThat(tokensOf(contact(api, id))).containsExactly(first, second);
        assertThat(app(api, app).get("subscribers").asLong()).as("one contact").isEqualTo(1);
    }

    @Test
    void theSameTokenTwiceIsStoredOnce() {
        ApiClient api = newAccount();
        String app = connect(api);
        String chat = nextChat();
        String entry = "{\"token\":\"" + chat + "\",\"externalCustomerId\":\"twice\"}";

        JsonNode first = addTokens(api, app, "{\"tokens\":[" + entry + "," + entry + "]}");
        JsonNode again = addTokens(api, app, "{\"tokens\":[" + entry + "]}");

        assertThat(first.get("results").findValuesAsString("status")).containsExactly("CREATED", "ALREADY_PRESENT");
        assertThat(again.get("results").get(0).get("status").asString()).isEqualTo("ALREADY_PRESENT");
        long id = first.get("results").get(0).get("contactId").asLong();
        assertThat(again.get("results").get(0).get("contactId").asLong()).isEqualTo(id);
        assertThat(tokensOf(contact(api, id))).containsExactly(chat);
        assertThat(jdbc.sql("SELECT count(*) FROM contact_token WHERE app_id = ?::uuid").param(app)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUnknownContactIdRejectsTheEntryAndCreatesNoContact() {
        ApiClient api = newAccount();
        String app = connect(api);
        long other = createContact(newAccount(), "{\"email\":\"someone@example.com\"}");

        JsonNode report = addTokens(api, app, "{\"tokens\":["
                + "{\"token\":\"" + nextChat() + "\",\"contactId\":987654321098,\"email\":\"x@example.com\"},"
                + "{\"token\":\"" + nextChat() + "\",\"contactId\":" + other + "}]}");

        assertThat(report.get("results").findValuesAsString("status")).containsExactly("REJECTED", "REJECTED");
        assertThat(report.get("results").get(0).get("error").get("code").asString()).isEqualTo("UNKNOWN_CONTACT");
        assertThat(report.get("results").get(1).get("error").get("code").asString())
                .as("another account's contact does not exist here").isEqualTo("UNKNOWN_CONTACT");
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isZero();
    }

    @Test
    void anEntryWithoutAnyIdentifierIsRejected() {
        ApiClient api = newAccount();
        String app = connect(api);

        JsonNode report = addTokens(api, app, "{\"tokens\":[{\"token\":\"" + nextChat() + "\"},"
                + "{\"token\":\"" + nextChat() + "\",\"email\":\"\",\"phone\":null}]}");

        assertThat(report.get("rejected").asInt()).isEqualTo(2);
        assertThat(report.get("results").findValues("error").stream().map(e -> e.get("code").asString()))
                .containsOnly("IDENTIFIER_REQUIRED");
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isZero();
    }

    @Test
    void theReferencesRequestFormatIsAnsweredEntryByEntry() {
        ApiClient api = newAccount();
        String app = connect(api);

        // The reference's "JSON request format", verbatim: a bare token has no identifier to place it by.
        ApiClient.Response response = api.post("/api/v1/apps/" + app + "/tokens", "{\n\"tokens\": [\n\"Token\"\n]\n}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode result = response.json().get("results").get(0);
        assertThat(result.get("status").asString()).isEqualTo("REJECTED");
        assertThat(result.get("token").asString()).isEqualTo("Token");
        assertThat(result.get("error").get("code").asString()).isEqualTo("IDENTIFIER_REQUIRED");
    }

    @Test
    void entriesAreIndependentSoOneBadEntryLosesNothing() {
        ApiClient api = newAccount();
        String app = connect(api);
        String good1 = nextChat();
        String good2 = nextChat();

        JsonNode report = addTokens(api, app, "{\"tokens\":["
                + "{\"token\":\"" + good1 + "\",\"phone\":\"79990000010\"},"
                + "{\"token\":\"" + nextChat() + "\",\"phone\":\"not a phone\"},"
                + "{\"token\":\"not-a-chat-id\",\"phone\":\"79990000011\"},"
                + "{\"phone\":\"79990000012\"},"
                + "{\"token\":\"" + nextChat() + "\",\"contactId\":\"abc\"},"
                + "42,"
                + "{\"token\":" + good2 + ",\"externalCustomerId\":77}]}");

        assertThat(report.get("results").findValuesAsString("status"))
                .containsExactly("CREATED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "CREATED");
        assertThat(report.get("results").get(1).get("error").get("code").asString()).isEqualTo("INVALID_IDENTIFIER");
        assertThat(report.get("results").get(2).get("error").get("code").asString()).isEqualTo("INVALID_TOKEN");
        assertThat(report.get("results").get(3).get("error").get("code").asString()).isEqualTo("TOKEN_REQUIRED");
        assertThat(report.get("results").get(4).get("error").get("code").asString()).isEqualTo("INVALID_IDENTIFIER");
        assertThat(report.get("results").get(5).get("error").get("code").asString()).isEqualTo("INVALID_ENTRY");
        assertThat(report.get("results").findValuesAsString("index")).hasSize(7);
        assertThat(api.get("/api/v1/contacts?phone=79990000010").json().get("count").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/contacts?externalCustomerId=77").json().get("items").get(0).get("tokens").get(0)
                .get("token").asString()).isEqualTo(good2);
        assertThat(report.get("created").asInt()).isEqualTo(2);
        assertThat(report.get("rejected").asInt()).isEqualTo(5);
    }

    @Test
    void aTokenOfAnotherContactIsNotMovedToTheOneTheEntryNames() {
        ApiClient api = newAccount();
        String app = connect(api);
        String chat = nextChat();
        long owner = addTokens(api, app, "{\"tokens\":[{\"token\":\"" + chat + "\",\"email\":\"owner@example.com\"}]}")
                .get("results").get(0).get("contactId").asLong();
        long other = createContact(api, "{\"email\":\"other@example.com\"}");

        JsonNode clash = addTokens(api, app, "{\"tokens\":[{\"token\":\"" + chat + "\",\"email\":\"other@example.com\"},"
                + "{\"token\":\"" + chat + "\",\"email\":\"nobody-yet@example.com\"}]}").get("results");

        assertThat(clash.findValuesAsString("status")).containsExactly("REJECTED", "REJECTED");
        assertThat(clash.get(0).get("error").get("code").asString()).isEqualTo("TOKEN_OF_ANOTHER_CONTACT");
        assertThat(clash.get(0).get("contactId").asLong()).isEqualTo(owner);
        assertThat(tokensOf(contact(api, other))).isEmpty();
        assertThat(api.get("/api/v1/contacts?email=nobody-yet@example.com").json().get("count").asLong())
                .as("no contact is made for a token that cannot be placed").isZero();

        // Deleting it from the app frees it for the other contact.
        assertThat(api.delete("/api/v1/apps/" + app + "/tokens/" + chat).status()).isEqualTo(204);
        assertThat(addTokens(api, app, "{\"tokens\":[{\"token\":\"" + chat + "\",\"email\":\"other@example.com\"}]}")
                .get("results").get(0).get("status").asString()).isEqualTo("ADDED");
        assertThat(tokensOf(contact(api, other))).containsExactly(chat);
        assertThat(tokensOf(contact(api, owner))).isEmpty();
    }

    @Test
    void theSubscriberCountIsTheContactsWithALiveToken() {
        ApiClient api = newAccount();
        String app = connect(api);
        addTokens(api, app, "{\"tokens\":["
                + "{\"token\":\"" + nextChat() + "\",\"email\":\"s1@example.com\"},"
                + "{\"token\":\"" + nextChat() + "\",\"email\":\"s1@example.com\"},"
                + "{\"token\":\"" + nextChat() + "\",\"email\":\"s2@example.com\"}]}");

        assertThat(app(api, app).get("subscribers").asLong()).isEqualTo(2);
        JsonNode listed = api.get("/api/v1/apps/" + app + "/tokens").json();
        assertThat(listed.get("count").asLong()).isEqualTo(3);
        assertThat(api.get("/api/v1/apps").json().get("items").get(0).get("subscribers").asLong()).isEqualTo(2);
    }

    @Test
    void concurrentRequestsForOneNewContactMakeOneContact() throws Exception {
        ApiClient api = newAccount();
        String app = connect(api);
        List<Callable<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String chat = nextChat();
            calls.add(() -> addTokens(api, app, "{\"tokens\":[{\"token\":\"" + chat + "\",\"email\":\"race@example.com\"}]}"));
        }
        List<JsonNode> reports = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<JsonNode> f : pool.invokeAll(calls)) {
                reports.add(f.get());
            }
        }

        assertThat(reports.stream().map(r -> r.get("results").get(0).get("status").asString()))
                .doesNotContain("REJECTED");
        JsonNode contacts = api.get("/api/v1/contacts?email=race@example.com").json();
        assertThat(contacts.get("count").asLong()).isEqualTo(1);
        assertThat(contacts.get("items").get(0).get("tokens")).hasSize(8);
    }

    @Test
    void aMalformedRequestOrAnUnknownAppIsRefusedWhole() {
        ApiClient api = newAccount();
        String app = connect(api);

        assertThat(api.post("/api/v1/apps/" + app + "/tokens", "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/apps/" + app + "/tokens", "{\"tokens\":[]}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/apps/" + app + "/tokens", "{\"tokens\":{}}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/apps/not-a-uuid/tokens", "{\"tokens\":[]}").status()).isEqualTo(400);
        StringBuilder many = new StringBuilder("{\"tokens\":[");
        for (int i = 0; i <= TokenImport.MAX_ENTRIES; i++) {
            many.append(i == 0 ? "" : ",").append("{\"token\":\"").append(i).append("\",\"phone\":\"7999").append(i).append("\"}");
        }
        assertThat(api.post("/api/v1/apps/" + app + "/tokens", many.append("]}").toString()).status()).isEqualTo(413);
        assertThat(api.post("/api/v1/apps/" + java.util.UUID.randomUUID() + "/tokens",
                "{\"tokens\":[{\"token\":\"1\",\"phone\":\"79990000001\"}]}").status()).isEqualTo(404);
        assertThat(newAccount().post("/api/v1/apps/" + app + "/tokens",
                "{\"tokens\":[{\"token\":\"1\",\"phone\":\"79990000001\"}]}").status())
                .as("another account's app").isEqualTo(404);
    }

    static String connect(ApiClient api) {
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        ApiClient.Response created = api.post("/api/v1/apps/telegram",
                "{\"token\":\"" + bot.token() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("app_uuid").asString();
    }

    static JsonNode addTokens(ApiClient api, String app, String body) {
        ApiClient.Response response = api.post("/api/v1/apps/" + app + "/tokens", body);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    static long createContact(ApiClient api, String body) {
        ApiClient.Response created = api.post("/api/v1/contacts", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("contactId").asLong();
    }

    static JsonNode contact(ApiClient api, long id) {
        ApiClient.Response response = api.get("/api/v1/contacts/" + id);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    static JsonNode app(ApiClient api, String app) {
        return api.get("/api/v1/apps/" + app).json();
    }

    static List<String> tokensOf(JsonNode contact) {
        return contact.get("tokens").findValuesAsString("token");
    }

    static String nextChat() {
        return String.valueOf(CHATS.incrementAndGet());
    }
}
