package dev.herald.chat.session;

import static dev.herald.chat.ChatFixtures.transcript;
import static dev.herald.chat.ChatFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.telegram.FakeTelegram;
import dev.herald.chat.ChatFixtures;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * TWIN's advertising message: a chat-channel message with {@code chatSessionId} goes into that session, over the
 * session's messenger, and joins its history; the bot keeps its place.
 */
class SendIntoSessionTest extends HeraldTest {

    private static final FakeTelegram TELEGRAM = FakeTelegram.get();
    private static final AtomicInteger USERS = new AtomicInteger();

    @Test
    void aMessageIntoASessionJoinsItsHistoryAndTheBotKeepsItsPlace() {
        ApiClient api = newAccount();
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        String session = write(api, chatId, "79005551001", "Здравствуйте").get("sessionId").asString();

        ApiClient.Response sent = api.post("/api/v1/messages", group("{\"chat\":{\"chatSessionId\":\"" + session
                + "\",\"text\":\"Скидка 10% до воскресенья, {{name}}!\"}}", "[{\"variables\":{\"name\":\"Иван\"}}]"));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        String messageId = sent.json().get(0).get("id").asString();
        JsonNode message = awaitStatus(api, messageId, "DELIVERED");
        assertThat(message.get("providerMessageId").asString()).startsWith(session);

        JsonNode lines = transcript(api, session);
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("author").asString()).isEqualTo("SENDER");
        assertThat(last.get("text").asString()).isEqualTo("Скидка 10% до воскресенья, Иван!");
        assertThat(last.get("messageId").asString()).isEqualTo(messageId);
        JsonNode state = api.get("/api/v1/chat/sessions/" + session).json();
        assertThat(state.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(state.get("currentStep").asString()).isEqualTo("nps");

        // The client's next message still answers the bot's question.
        JsonNode answered = write(api, chatId, "79005551001", "9");
        assertThat(answered.get("sessionId").asString()).isEqualTo(session);
        assertThat(answered.get("replies").get(0).get("text").asString()).isEqualTo("Подтверждаете запись?");

        // A second message into the same session gets its own provider id.
        String again = api.post("/api/v1/messages", group("{\"chat\":{\"chatSessionId\":\"" + session
                + "\",\"text\":\"Ещё одно предложение\",\"provider\":\"TWIN\"}}", "[{}]")).json().get(0).get("id").asString();
        assertThat(awaitStatus(api, again, "DELIVERED").get("providerMessageId").asString())
                .isNotEqualTo(message.get("providerMessageId").asString()).startsWith(session);
    }

    @Test
    void theMessageGoesOutThroughTheSessionsMessengerToItsClientEvenAfterAThrottledAttempt() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        ApiClient.Response connection = api.post("/api/v1/providers", "{\"name\":\"Бот\",\"type\":\"telegram\","
                + "\"settings\":{\"botToken\":\"" + bot.token() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl()
                + "\",\"webhookSecret\":\"hook-secret\"}}");
        assertThat(connection.status()).as(connection.text()).isEqualTo(201);
        String connectionId = connection.json().get("id").asString();
        api.post("/api/v1/chats", "{\"name\":\"Клиника\",\"botId\":\"" + ChatFixtures.createBot(api, "Опрос",
                ChatFixtures.SURVEY) + "\",\"messengers\":[{\"messengerType\":\"TELEGRAM\",\"provider\":\""
                + connectionId + "\"}]}");
        String user = String.valueOf(910_000_000 + USERS.incrementAndGet());
        int update = USERS.incrementAndGet();
        assertThat(anonymous().post("/webhooks/telegram/" + connectionId, "{\"update_id\":" + update
                + ",\"message\":{\"message_id\":" + update + ",\"date\":1700000000,\"from\":{\"id\":" + user
                + ",\"first_name\":\"Иван\"},\"chat\":{\"id\":" + user + ",\"type\":\"private\"},\"text\":\"/start\"}}",
                "X-Telegram-Bot-Api-Secret-Token", "hook-secret").status()).isEqualTo(200);
        eventually().until(() -> bot.sendsTo(user).size() == 1);
        String session = api.get("/api/v1/chat/sessions").json().get("items").get(0)
                .get("id").asString();
        // The messenger refuses the first attempt for a second; the delivery engine tries again.
        bot.throttlesOnce(user, 1);

        String messageId = api.post("/api/v1/messages", group("{\"chat\":{\"chatSessionId\":\"" + session
                + "\",\"text\":\"Скидка 10%\"}}", "[{}]")).json().get(0).get("id").asString();

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                api.get("/api/v1/messages/" + messageId).json().path("status").asString().equals("DELIVERED"));
        assertThat(bot.sendsTo(user)).hasSize(3);
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(user).get(2)).get("text").asString()).isEqualTo("Скидка 10%");
        JsonNode lines = transcript(api, session);
        assertThat(lines.get(lines.size() - 1).get("status").asString()).isEqualTo("SENT");
        assertThat(api.get("/api/v1/messages/" + messageId).json().get("destination").asString())
                .as("the message is addressed to the session").isEqualTo(session);
    }

    @Test
    void anUnknownClosedOrForeignSessionFailsTheMessageAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        ApiClient other = newAccount();
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        String otherChat = ChatFixtures.createChat(other, "Чужая", ChatFixtures.createBot(other, "Опрос", ChatFixtures.SURVEY));
        String foreign = write(other, otherChat, "79005551002", "Здравствуйте").get("sessionId").asString();
        String closed = write(api, chatId, "79005551003", "Здравствуйте").get("sessionId").asString();
        assertThat(api.post("/api/v1/chat/sessions/" + closed + "/close", "").status()).isEqualTo(200);
        String open = write(api, chatId, "79005551004", "Здравствуйте").get("sessionId").asString();

        assertThat(failure(api, UUID.randomUUID().toString())).isEqualTo("CHAT_SESSION_NOT_FOUND");
        assertThat(failure(api, foreign)).isEqualTo("CHAT_SESSION_NOT_FOUND");
        assertThat(transcript(other, foreign).size()).as("nothing reached the other account's session").isEqualTo(2);
        assertThat(failure(api, closed)).isEqualTo("CHAT_SESSION_CLOSED");
        ApiClient.Response wrongChat = api.post("/api/v1/messages", group("{\"chat\":{\"chatSessionId\":\"" + open
                + "\",\"chatId\":\"" + otherChat + "\",\"text\":\"Акция\"}}", "[{}]"));
        assertThat(awaitStatus(api, wrongChat.json().get(0).get("id").asString(), "FAILED").get("error").get("code")
                .asString()).isEqualTo("CHAT_SESSION_NOT_FOUND");

        // With a fallback, the cascade goes on to it.
        JsonNode item = api.post("/api/v1/messages", group("{\"chat\":{\"chatSessionId\":\"" + closed
                + "\",\"text\":\"Акция\"},\"sms\":{\"text\":\"Акция\"}}", "[{\"phone\":\"79005551003\"}]")).json().get(0);
        awaitStatus(api, item.get("id").asString(), "FAILED");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
    }

    @Test
    void badChatSessionOptionsAreRefusedNamingTheField() {
        ApiClient api = newAccount();
        String session = UUID.randomUUID().toString();

        assertThat(problem(api, "{\"chatSessionId\":\"42\",\"text\":\"a\"}", "[{}]"))
                .containsEntry("messages[0].channels.chat.chatSessionId", "must be the UUID of one of your chat sessions");
        assertThat(problem(api, "{\"chatSessionId\":\"" + session + "\"}", "[{}]"))
                .containsKey("messages[0].channels.chat.text");
        assertThat(problem(api, "{\"chatSessionId\":\"" + session + "\",\"text\":\"a\",\"botId\":\""
                + UUID.randomUUID() + "\",\"continueLastOrStartNewSession\":true}", "[{}]"))
                .containsKeys("messages[0].channels.chat.botId", "messages[0].channels.chat.continueLastOrStartNewSession");
        assertThat(problem(api, "{\"chatSessionId\":\"" + session + "\",\"text\":\"a\"}",
                "[{\"phone\":\"79005551005\"},{\"phone\":\"79005551006\"}]"))
                .containsKey("messages[0].destinations");
        assertThat(problem(api, "{\"chatSessionId\":\"" + session + "\",\"text\":\"a\"}", "[]"))
                .containsKey("messages[0].destinations");
    }

    private static String failure(ApiClient api, String session) {
        ApiClient.Response response = api.post("/api/v1/messages", group("{\"chat\":{\"chatSessionId\":\"" + session
                + "\",\"text\":\"Акция\"}}", "[{}]"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return awaitStatus(api, response.json().get(0).get("id").asString(), "FAILED").get("error").get("code").asString();
    }

    private static java.util.Map<String, String> problem(ApiClient api, String chat, String destinations) {
        ApiClient.Response response = api.post("/api/v1/messages", group("{\"chat\":" + chat + "}", destinations));
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        java.util.Map<String, String> problems = new java.util.LinkedHashMap<>();
        response.json().get("errors").forEach(e -> problems.put(e.get("field").asString(), e.get("message").asString()));
        return problems;
    }
}
