package dev.herald.contact;

import static dev.herald.contact.AppTokensTest.addTokens;
import static dev.herald.contact.AppTokensTest.contact;
import static dev.herald.contact.AppTokensTest.nextChat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.telegram.FakeTelegram;
import java.util.stream.StreamSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Messages addressed to contacts: their tokens and addresses, and a blocked token leaving its contact. */
class SendToContactTest extends HeraldTest {

    private static final FakeTelegram TELEGRAM = FakeTelegram.get();

    @Test
    void aContactNamedByExternalCustomerIdGetsTheMessageOnEveryTokenOfTheApp() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String app = connect(api, bot);
        String first = nextChat();
        String second = nextChat();
        addTokens(api, app, "{\"tokens\":[{\"token\":\"" + first + "\",\"externalCustomerId\":\"shop-7\"},"
                + "{\"token\":\"" + second + "\",\"externalCustomerId\":\"shop-7\"}]}");
        bot.accepts(first, 11);
        bot.accepts(second, 12);

        JsonNode item = api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"Your order is ready\"}}",
                "[{\"externalCustomerId\":\"shop-7\"}]")).json().get(0);

        assertThat(item.get("status").asString()).isEqualTo("CREATED");
        assertThat(item.get("channel").asString()).isEqualTo("TELEGRAM");
        eventually().until(() -> messagesOf(api, item, "SENT").size() == 2);
        assertThat(bot.sendsTo(first)).hasSize(1);
        assertThat(bot.sendsTo(second)).hasSize(1);
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(second).getFirst()).get("text").asString())
                .isEqualTo("Your order is ready");
        assertThat(messagesOf(api, item, "SENT").findValuesAsString("destination")).containsExactlyInAnyOrder(first, second);
        assertThat(api.get("/api/v1/messages/" + item.get("id").asString()).json().get("destination").asString())
                .as("the flow's own message goes to the oldest token").isEqualTo(first);
    }

    @Test
    void theChannelsProviderPicksTheAppByIdOrName() {
        ApiClient api = newAccount();
        FakeTelegram.Bot main = TELEGRAM.newBot();
        FakeTelegram.Bot other = TELEGRAM.newBot();
        String mainApp = connect(api, main);
        String otherApp = connect(api, other);
        api.patch("/api/v1/apps/" + otherApp, "{\"name\":\"Support bot\"}");
        String mainChat = nextChat();
        String otherChat = nextChat();
        long contact = addTokens(api, mainApp, "{\"tokens\":[{\"token\":\"" + mainChat + "\",\"email\":\"two@example.com\"}]}")
                .get("results").get(0).get("contactId").asLong();
        addTokens(api, otherApp, "{\"tokens\":[{\"token\":\"" + otherChat + "\",\"contactId\":" + contact + "}]}");

        api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"via default\"}}", "[{\"contactId\":" + contact + "}]"));
        api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"by name\",\"provider\":\"support bot\"}}",
                "[{\"contactId\":" + contact + "}]"));
        api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"by id\",\"provider\":\"" + otherApp + "\"}}",
                "[{\"email\":\"two@example.com\"}]"));

        eventually().until(() -> main.sends().size() == 1 && other.sends().size() == 2);
        assertThat(FakeTelegram.Bot.body(main.sends().getFirst()).get("chat_id").asString()).isEqualTo(mainChat);
        assertThat(other.sends().stream().map(r -> FakeTelegram.Bot.body(r).get("chat_id").asString()))
                .containsOnly(otherChat);
    }

    @Test
    void asAFallbackEveryTokenGetsTheMessageAtOnce() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String app = connect(api, bot);
        String gone = nextChat();
        String live = nextChat();
        // The sandbox refuses phones ending in 9, so the SMS fails and the cascade falls back to Telegram.
        addTokens(api, app, "{\"tokens\":[{\"token\":\"" + gone + "\",\"externalCustomerId\":\"fb-1\",\"phone\":\"79997770099\"},"
                + "{\"token\":\"" + live + "\",\"externalCustomerId\":\"fb-1\"}]}");
        bot.refuses(gone, 403, "Forbidden: bot was blocked by the user");
        bot.accepts(live, 3);

        JsonNode item = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"},\"telegram\":{\"text\":\"hi\"}}",
                "[{\"externalCustomerId\":\"fb-1\"}]")).json().get(0);

        assertThat(item.get("channel").asString()).isEqualTo("SMS");
        eventually().until(() -> messagesOf(api, item, "SENT").size() == 1);
        assertThat(bot.sendsTo(gone)).hasSize(1);
        assertThat(bot.sendsTo(live)).hasSize(1);
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(gone).getFirst()).get("text").asString()).isEqualTo("hi");
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(live).getFirst()).get("text").asString()).isEqualTo("hi");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()).json().get("count")
                .asLong() == 3);
    }

    @Test
    void asAFallbackTokensBesideOneThatWasAcceptedGetTheMessageToo() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String app = connect(api, bot);
        String first = nextChat();
        String second = nextChat();
        addTokens(api, app, "{\"tokens\":[{\"token\":\"" + first + "\",\"externalCustomerId\":\"fb-2\",\"phone\":\"79997770199\"},"
                + "{\"token\":\"" + second + "\",\"externalCustomerId\":\"fb-2\"}]}");
        bot.accepts(first, 4);
        bot.accepts(second, 5);

        JsonNode item = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"},\"telegram\":{\"text\":\"hi\"}}",
                "[{\"externalCustomerId\":\"fb-2\"}]")).json().get(0);

        eventually().until(() -> messagesOf(api, item, "SENT").size() == 2);
        assertThat(bot.sendsTo(first)).hasSize(1);
        assertThat(bot.sendsTo(second)).hasSize(1);
    }

    @Test
    void aBlockedTokenIsRemovedAndNothingElse() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        FakeTelegram.Bot otherBot = TELEGRAM.newBot();
        String app = connect(api, bot);
        String otherApp = connect(api, otherBot);
        String blocked = nextChat();
        String kept = nextChat();
        String neighbour = nextChat();
        long contact = addTokens(api, app, "{\"tokens\":[{\"token\":\"" + blocked + "\",\"externalCustomerId\":\"b-1\"},"
                + "{\"token\":\"" + kept + "\",\"externalCustomerId\":\"b-1\"},"
                + "{\"token\":\"" + neighbour + "\",\"externalCustomerId\":\"b-2\"}]}").get("results").get(0)
                .get("contactId").asLong();
        // The same chat id in another bot is another token: the user blocked only the first bot.
        addTokens(api, otherApp, "{\"tokens\":[{\"token\":\"" + blocked + "\",\"contactId\":" + contact + "}]}");
        bot.refuses(blocked, 403, "Forbidden: bot was blocked by the user");
        bot.accepts(kept, 5);

        JsonNode item = api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"hi\",\"provider\":\"" + app + "\"}}",
                "[{\"externalCustomerId\":\"b-1\"}]")).json().get(0);

        JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("BLOCKED");
        eventually().until(() -> messagesOf(api, item, "SENT").size() == 1);
        JsonNode after = contact(api, contact);
        assertThat(StreamSupport.stream(after.get("tokens").spliterator(), false)
                .map(t -> t.get("app_uuid").asString() + "/" + t.get("token").asString()))
                .containsExactlyInAnyOrder(app + "/" + kept, otherApp + "/" + blocked);
        assertThat(api.get("/api/v1/apps/" + app + "/tokens").json().get("items").findValuesAsString("token"))
                .containsExactlyInAnyOrder(kept, neighbour);
        assertThat(AppTokensTest.app(api, app).get("subscribers").asLong()).isEqualTo(2);
        assertThat(AppTokensTest.app(api, otherApp).get("subscribers").asLong()).isEqualTo(1);

        // The removed token is not sent to again.
        api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"again\",\"provider\":\"" + app + "\"}}",
                "[{\"externalCustomerId\":\"b-1\"}]"));
        eventually().until(() -> bot.sendsTo(kept).size() == 2);
        assertThat(bot.sendsTo(blocked)).hasSize(1);
    }

    @Test
    void aContactWithoutATokenSkipsTelegramWithTheReasonRecordedAndGetsAnSms() {
        ApiClient api = newAccount();
        String app = connect(api, TELEGRAM.newBot());
        long contact = AppTokensTest.createContact(api, "{\"externalCustomerId\":\"no-token\",\"phone\":\"79997770011\"}");

        JsonNode item = api.post("/api/v1/messages", group(
                "{\"telegram\":{\"text\":\"hi\"},\"sms\":{\"text\":\"hi\"}}", "[{\"externalCustomerId\":\"no-token\"}]"))
                .json().get(0);

        assertThat(item.get("channel").asString()).isEqualTo("SMS");
        JsonNode sms = awaitStatus(api, item.get("id").asString(), "DELIVERED");
        assertThat(sms.get("destination").asString()).isEqualTo("79997770011");
        String recorded = jdbc.sql("SELECT destination->'contact'->'skipped'->>'telegram' FROM flow WHERE id = ?::uuid")
                .param(item.get("flowId").asString()).query(String.class).single();
        assertThat(recorded).isEqualTo("contact " + contact + " has no live token of app " + app);
    }

    @Test
    void anUnknownContactFailsOnlyItsOwnDestination() {
        ApiClient api = newAccount();
        connect(api, TELEGRAM.newBot());
        AppTokensTest.createContact(api, "{\"externalCustomerId\":\"known\",\"email\":\"known@example.com\"}");

        JsonNode items = api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"hi\"},\"email\":{\"text\":\"hi\"}}",
                "[{\"externalCustomerId\":\"nobody\"},{\"externalCustomerId\":\"known\"}]")).json();

        assertThat(items.get(0).get("status").asString()).isEqualTo("FAILED");
        assertThat(items.get(0).get("error").get("code").asString()).isEqualTo("NO_ADDRESS");
        assertThat(items.get(0).get("error").get("message").asString()).as("the reason is in the answer")
                .contains("email: no contact with externalCustomerId nobody");
        String recorded = jdbc.sql("SELECT destination->'contact'->'skipped'->>'email' FROM flow WHERE id = ?::uuid")
                .param(items.get(0).get("flowId").asString()).query(String.class).single();
        assertThat(recorded).isEqualTo("no contact with externalCustomerId nobody");
        assertThat(items.get(1).get("status").asString()).isEqualTo("CREATED");
        assertThat(items.get(1).get("channel").asString()).isEqualTo("EMAIL");
        assertThat(awaitStatus(api, items.get(1).get("id").asString(), "DELIVERED").get("destination").asString())
                .isEqualTo("known@example.com");
    }

    @Test
    void anAddressTheDestinationGivesWinsOverTheContacts() {
        ApiClient api = newAccount();
        long contact = AppTokensTest.createContact(api, "{\"phone\":\"79997770022\"}");

        JsonNode item = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"}}",
                "[{\"contactId\":" + contact + ",\"phone\":\"79997770033\"},{\"contactId\":" + contact + "}]")).json();

        assertThat(awaitStatus(api, item.get(0).get("id").asString(), "DELIVERED").get("destination").asString())
                .isEqualTo("79997770033");
        assertThat(awaitStatus(api, item.get(1).get("id").asString(), "DELIVERED").get("destination").asString())
                .isEqualTo("79997770022");
    }

    @Test
    void destinationsLookedUpTogetherGetWhatEachGetsAlone() {
        ApiClient api = newAccount();
        String app = connect(api, TELEGRAM.newBot());
        long byId = AppTokensTest.createContact(api, "{\"phone\":\"79997770101\"}");
        AppTokensTest.createContact(api, "{\"externalCustomerId\":\"together-2\",\"email\":\"t2@example.com\"}");
        AppTokensTest.createContact(api, "{\"phone\":\"79997770103\",\"email\":\"t3@example.com\"}");
        long withToken = AppTokensTest.createContact(api, "{\"externalCustomerId\":\"together-4\"}");
        addTokens(api, app, "{\"tokens\":[{\"token\":\"" + nextChat() + "\",\"externalCustomerId\":\"together-4\"}]}");
        List<String> destinations = List.of(
                "{\"contactId\":" + byId + "}",
                "{\"externalCustomerId\":\"together-2\"}",
                "{\"email\":\"T3@example.com\"}",
                "{\"phone\":\"79997770104\"}",
                "{\"contactId\":987654}",
                "{\"externalCustomerId\":\"nobody\",\"phone\":\"79997770105\"}",
                "{\"externalCustomerId\":\"together-4\"}");
        String channels = "{\"telegram\":{\"text\":\"hi\"},\"sms\":{\"text\":\"hi\"},\"email\":{\"text\":\"hi\"}}";

        JsonNode together = api.post("/api/v1/messages", group(channels, "[" + String.join(",", destinations) + "]")).json();
        assertThat(together).hasSize(destinations.size());
        for (int i = 0; i < destinations.size(); i++) {
            JsonNode alone = api.post("/api/v1/messages", group(channels, "[" + destinations.get(i) + "]")).json().get(0);
            JsonNode mate = together.get(i);
            assertThat(mate.get("status").asString()).as(destinations.get(i)).isEqualTo(alone.get("status").asString());
            assertThat(mate.get("channel").asString()).as(destinations.get(i)).isEqualTo(alone.get("channel").asString());
            assertThat(String.valueOf(mate.get("error"))).as(destinations.get(i)).isEqualTo(String.valueOf(alone.get("error")));
            assertThat(flowOf(mate)).as(destinations.get(i)).isEqualTo(flowOf(alone));
        }
        assertThat(flowOf(together.get(6))).contains("\"contactId\": " + withToken);
    }

    /** What a flow recorded of its destination and its channel plan. */
    private String flowOf(JsonNode item) {
        return jdbc.sql("SELECT destination::text || ' ' || channel_plan::text FROM flow WHERE id = ?::uuid")
                .param(item.get("flowId").asString()).query(String.class).single();
    }

    @Test
    void anotherAccountsContactIsNotFound() {
        ApiClient owner = newAccount();
        long contact = AppTokensTest.createContact(owner, "{\"externalCustomerId\":\"mine\",\"phone\":\"79997770044\"}");
        ApiClient intruder = newAccount();

        JsonNode items = intruder.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"}}",
                "[{\"contactId\":" + contact + "},{\"externalCustomerId\":\"mine\"}]")).json();

        assertThat(items.findValuesAsString("status")).containsExactly("FAILED", "FAILED");
    }

    private static String connect(ApiClient api, FakeTelegram.Bot bot) {
        ApiClient.Response created = api.post("/api/v1/apps/telegram",
                "{\"token\":\"" + bot.token() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("app_uuid").asString();
    }

    private static JsonNode messagesOf(ApiClient api, JsonNode item, String status) {
        return api.get("/api/v1/messages?flowId=" + item.get("flowId").asString() + "&status=" + status).json()
                .get("items");
    }
}
