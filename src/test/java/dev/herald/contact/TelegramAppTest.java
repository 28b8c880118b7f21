package dev.herald.contact;

import static dev.herald.contact.AppTokensTest.addTokens;
import static dev.herald.contact.AppTokensTest.contact;
import static dev.herald.contact.AppTokensTest.nextChat;
import static dev.herald.contact.AppTokensTest.tokensOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.InboundMessage;
import dev.herald.channel.PublishedEvents;
import dev.herald.channel.telegram.FakeTelegram;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Telegram apps: connecting a bot, its webhook with /start and blocking, renaming, disconnecting, isolation. */
class TelegramAppTest extends HeraldTest {

    private static final FakeTelegram TELEGRAM = FakeTelegram.get();
    private static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    @Autowired
    private ConfigurableApplicationContext context;

    @Test
    void connectingABotChecksItsTokenAndAnswersTheApp() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();

        ApiClient.Response created = connect(api, bot, "");

        assertThat(created.status()).isEqualTo(201);
        JsonNode app = created.json();
        assertThat(app.get("app_uuid").asString()).hasSize(36);
        assertThat(app.get("botUsername").asString()).isEqualTo(bot.username());
        assertThat(app.get("botId").asLong()).isEqualTo(bot.id());
        assertThat(app.get("name").asString()).isEqualTo("@" + bot.username());
        assertThat(app.get("subscribers").asLong()).isZero();
        assertThat(app.get("receiveUpdates").asBoolean()).isFalse();
        assertThat(app.get("default").asBoolean()).as("the account's first Telegram app").isTrue();
        assertThat(bot.calls("getMe")).hasSize(1);
        assertThat(created.text()).doesNotContain(bot.token());
        // The app is a provider connection, secret masked.
        JsonNode connection = api.get("/api/v1/providers/" + app.get("app_uuid").asString()).json();
        assertThat(connection.get("type").asString()).isEqualTo("telegram");
        assertThat(connection.get("settings").get("botToken").asString()).isEqualTo("********");
        assertThat(api.get("/api/v1/apps").json().get("items").findValuesAsString("app_uuid"))
                .containsExactly(app.get("app_uuid").asString());
    }

    @Test
    void aTokenTelegramDoesNotKnowIsAClear400AndNothingIsStored() {
        ApiClient api = newAccount();

        ApiClient.Response refused = api.post("/api/v1/apps/telegram",
                "{\"token\":\"" + FakeTelegram.unknownToken() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl() + "\"}");

        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("token");
        assertThat(error.get("message").asString()).contains("Telegram refused this bot token").contains("401")
                .contains("@BotFather");
        assertThat(api.get("/api/v1/apps").json().get("count").asLong()).isZero();
        assertThat(api.get("/api/v1/providers").json().get("count").asLong()).isZero();

        ApiClient.Response malformed = api.post("/api/v1/apps/telegram", "{\"token\":\"12345\"}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("errors").get(0).get("field").asString()).isEqualTo("token");
        assertThat(api.post("/api/v1/apps/telegram", "{}").status()).isEqualTo(400);
    }

    @Test
    void aBotIsConnectedOncePerAccount() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String app = connect(api, bot, "").json().get("app_uuid").asString();

        ApiClient.Response again = connect(api, bot, ",\"name\":\"second\"");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text()).contains(app);
        assertThat(api.get("/api/v1/apps").json().get("count").asLong()).isEqualTo(1);
        assertThat(connect(newAccount(), bot, "").status()).as("another account may connect it").isEqualTo(201);
    }

    @Test
    void receivingUpdatesRegistersTheWebhookWithASecret() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();

        JsonNode app = connect(api, bot, ",\"receiveUpdates\":true").json();

        String id = app.get("app_uuid").asString();
        assertThat(app.get("receiveUpdates").asBoolean()).isTrue();
        assertThat(app.get("webhookUrl").asString()).endsWith("/webhooks/telegram/" + id);
        JsonNode call = FakeTelegram.Bot.body(bot.calls("setWebhook").getFirst());
        assertThat(call.get("url").asString()).isEqualTo(app.get("webhookUrl").asString());
        assertThat(call.get("secret_token").asString()).matches("[A-Za-z0-9_-]{40,}");
        assertThat(call.get("allowed_updates").toString()).contains("message").contains("my_chat_member");

        JsonNode stopped = api.patch("/api/v1/apps/" + id, "{\"receiveUpdates\":false}").json();
        assertThat(stopped.get("receiveUpdates").asBoolean()).isFalse();
        assertThat(bot.calls("deleteWebhook")).hasSize(1);
    }

    @Test
    void anUpdateWithoutTheRightSecretIsRejected() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String id = connect(api, bot, ",\"receiveUpdates\":true").json().get("app_uuid").asString();
        String start = start(nextChat(), null);

        assertThat(anonymous().post("/webhooks/telegram/" + id, start).status()).isEqualTo(401);
        assertThat(anonymous().post("/webhooks/telegram/" + id, start, SECRET_HEADER, "wrong").status()).isEqualTo(401);
        assertThat(anonymous().post("/webhooks/telegram/" + id, start, SECRET_HEADER, secret(bot) + "x").status())
                .isEqualTo(401);
        assertThat(anonymous().post("/webhooks/telegram/" + java.util.UUID.randomUUID(), start, SECRET_HEADER,
                secret(bot)).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).as("nothing stored").isZero();
        assertThat(anonymous().post("/webhooks/telegram/" + id, "not json", SECRET_HEADER, secret(bot)).status())
                .isEqualTo(400);
    }

    @Test
    void startMakesTheChatATokenOfANewContactOnce() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String id = connect(api, bot, ",\"receiveUpdates\":true").json().get("app_uuid").asString();
        String chat = nextChat();

        assertThat(update(id, bot, start(chat, null))).isEqualTo(200);
        assertThat(update(id, bot, start(chat, null))).as("Telegram's retry").isEqualTo(200);

        JsonNode contacts = api.get("/api/v1/contacts").json();
        assertThat(contacts.get("count").asLong()).isEqualTo(1);
        JsonNode contact = contacts.get("items").get(0);
        assertThat(tokensOf(contact)).containsExactly(chat);
        assertThat(contact.get("tokens").get(0).get("source").asString()).isEqualTo("BOT");
        assertThat(contact.get("firstName").asString()).isEqualTo("Ivan");
        assertThat(AppTokensTest.app(api, id).get("subscribers").asLong()).isEqualTo(1);
    }

    @Test
    void aDeepLinkPayloadLinksTheChatToTheContactWithThatExternalCustomerId() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String id = connect(api, bot, ",\"receiveUpdates\":true").json().get("app_uuid").asString();
        long known = AppTokensTest.createContact(api, "{\"externalCustomerId\":\"cust-42\",\"phone\":\"79991112233\"}");
        String chat = nextChat();
        String stranger = nextChat();

        assertThat(update(id, bot, start(chat, "cust-42"))).isEqualTo(200);
        assertThat(update(id, bot, start(stranger, "cust-43"))).isEqualTo(200);

        assertThat(tokensOf(contact(api, known))).containsExactly(chat);
        JsonNode created = api.get("/api/v1/contacts?externalCustomerId=cust-43").json().get("items").get(0);
        assertThat(tokensOf(created)).containsExactly(stranger);
    }

    @Test
    void blockingTheBotRemovesTheTokenAndStartingAgainBringsItBackToItsContact() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String id = connect(api, bot, ",\"receiveUpdates\":true").json().get("app_uuid").asString();
        String chat = nextChat();
        String other = nextChat();
        long contact = addTokens(api, id, "{\"tokens\":[{\"token\":\"" + chat + "\",\"email\":\"k@example.com\"},"
                + "{\"token\":\"" + other + "\",\"email\":\"k@example.com\"}]}").get("results").get(0)
                .get("contactId").asLong();

        assertThat(update(id, bot, membership(chat, "kicked"))).isEqualTo(200);

        assertThat(tokensOf(contact(api, contact))).containsExactly(other);
        assertThat(api.get("/api/v1/apps/" + id + "/tokens").json().get("count").asLong()).isEqualTo(1);
        JsonNode activity = api.get("/api/v1/contact/" + contact + "/subscriptions/activity").json();
        assertThat(activity.get(0).get("kind").asString()).isEqualTo("blocked");
        assertThat(activity.get(0).get("channel").asString()).isEqualTo("telegram");

        assertThat(update(id, bot, membership(other, "kicked"))).isEqualTo(200);
        assertThat(AppTokensTest.app(api, id).get("subscribers").asLong()).isZero();

        assertThat(update(id, bot, start(chat, null))).isEqualTo(200);
        assertThat(tokensOf(contact(api, contact))).as("back on the contact it had").containsExactly(chat);
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isEqualTo(1);
    }

    @Test
    void otherMessagesArePublishedAsInboundMessages() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String id = connect(api, bot, ",\"receiveUpdates\":true").json().get("app_uuid").asString();
        String chat = nextChat();
        PublishedEvents<InboundMessage> inbound = PublishedEvents.listen(context, InboundMessage.class);

        assertThat(update(id, bot, "{\"update_id\":5,\"message\":{\"message_id\":77,\"date\":1700000000,"
                + "\"from\":{\"id\":" + chat + ",\"first_name\":\"Ivan\",\"last_name\":\"Petrov\"},"
                + "\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},\"text\":\"Where is my order?\"}}"))
                .isEqualTo(200);

        List<InboundMessage> received = inbound.matching(m -> m.provider().equals("conn:" + id));
        assertThat(received).hasSize(1);
        InboundMessage message = received.getFirst();
        assertThat(message.provider()).isEqualTo("conn:" + id);
        assertThat(message.from()).isEqualTo(chat);
        assertThat(message.fromName()).isEqualTo("Ivan Petrov");
        assertThat(message.text()).isEqualTo("Where is my order?");
        assertThat(message.providerId()).isEqualTo(chat + ":77");
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).as("only /start subscribes").isZero();
    }

    @Test
    void anAppCanBeRenamedAndDisconnectedWhichDeletesItsTokensButNotItsContacts() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String id = connect(api, bot, ",\"receiveUpdates\":true").json().get("app_uuid").asString();
        String chat = nextChat();
        long contact = addTokens(api, id, "{\"tokens\":[{\"token\":\"" + chat + "\",\"phone\":\"79995554433\"}]}")
                .get("results").get(0).get("contactId").asLong();

        JsonNode renamed = api.patch("/api/v1/apps/" + id, "{\"name\":\"Shop bot\"}").json();
        assertThat(renamed.get("name").asString()).isEqualTo("Shop bot");
        assertThat(api.get("/api/v1/providers/" + id).json().get("name").asString()).isEqualTo("Shop bot");
        assertThat(api.patch("/api/v1/apps/" + id, "{\"name\":\"\"}").status()).isEqualTo(400);

        assertThat(api.delete("/api/v1/apps/" + id).status()).isEqualTo(204);

        assertThat(bot.calls("deleteWebhook")).hasSize(1);
        assertThat(api.get("/api/v1/apps/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/providers/" + id).status()).isEqualTo(404);
        assertThat(tokensOf(contact(api, contact))).isEmpty();
        assertThat(contact(api, contact).get("phone").asString()).isEqualTo("79995554433");
        assertThat(update(id, bot, start(chat, null))).as("updates after disconnecting").isEqualTo(404);
    }

    @Test
    void deletingTheBotsConnectionThroughTheProvidersApiAlsoStopsItsWebhook() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String id = connect(api, bot, ",\"receiveUpdates\":true").json().get("app_uuid").asString();

        assertThat(api.delete("/api/v1/providers/" + id).status()).isEqualTo(204);

        assertThat(bot.calls("deleteWebhook")).hasSize(1);
        assertThat(api.get("/api/v1/apps/" + id).status()).isEqualTo(404);
    }

    @Test
    void anotherAccountCanNeitherSeeNorChangeAnApp() {
        ApiClient owner = newAccount();
        ApiClient intruder = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String id = connect(owner, bot, "").json().get("app_uuid").asString();

        assertThat(intruder.get("/api/v1/apps/" + id).status()).isEqualTo(404);
        assertThat(intruder.get("/api/v1/apps").json().get("count").asLong()).isZero();
        assertThat(intruder.patch("/api/v1/apps/" + id, "{\"name\":\"mine\"}").status()).isEqualTo(404);
        assertThat(intruder.delete("/api/v1/apps/" + id).status()).isEqualTo(404);
        assertThat(intruder.get("/api/v1/apps/" + id + "/tokens").status()).isEqualTo(404);
        assertThat(intruder.delete("/api/v1/apps/" + id + "/tokens/1").status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/apps/" + id).json().get("name").asString()).isEqualTo("@" + bot.username());
    }

    private static ApiClient.Response connect(ApiClient api, FakeTelegram.Bot bot, String more) {
        return api.post("/api/v1/apps/telegram",
                "{\"token\":\"" + bot.token() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl() + "\"" + more + "}");
    }

    /** The secret Herald gave Telegram with setWebhook, as Telegram sends it back. */
    private static String secret(FakeTelegram.Bot bot) {
        return FakeTelegram.Bot.body(bot.calls("setWebhook").getLast()).get("secret_token").asString();
    }

    private int update(String app, FakeTelegram.Bot bot, String update) {
        return anonymous().post("/webhooks/telegram/" + app, update, SECRET_HEADER, secret(bot)).status();
    }

    private static String start(String chat, String payload) {
        return "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1700000000,"
                + "\"from\":{\"id\":" + chat + ",\"is_bot\":false,\"first_name\":\"Ivan\"},"
                + "\"chat\":{\"id\":" + chat + ",\"first_name\":\"Ivan\",\"type\":\"private\"},"
                + "\"text\":\"/start" + (payload == null ? "" : " " + payload) + "\","
                + "\"entities\":[{\"offset\":0,\"length\":6,\"type\":\"bot_command\"}]}}";
    }

    private static String membership(String chat, String status) {
        return "{\"update_id\":2,\"my_chat_member\":{\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},"
                + "\"from\":{\"id\":" + chat + ",\"is_bot\":false,\"first_name\":\"Ivan\"},\"date\":1700000001,"
                + "\"old_chat_member\":{\"user\":{\"id\":1,\"is_bot\":true,\"first_name\":\"bot\"},\"status\":\"member\"},"
                + "\"new_chat_member\":{\"user\":{\"id\":1,\"is_bot\":true,\"first_name\":\"bot\"},\"status\":\""
                + status + "\",\"until_date\":0}}}";
    }
}
