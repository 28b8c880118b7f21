package dev.herald.chat.session;

import static dev.herald.chat.ChatFixtures.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.telegram.FakeTelegram;
import dev.herald.chat.ChatFixtures;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A chat on a real Telegram connection: the bot's updates come in through Herald's Telegram webhook, which
 * publishes them as InboundMessage events, and the bot answers through sendMessage with a reply keyboard.
 */
class TelegramChatTest extends HeraldTest {

    private static final FakeTelegram TELEGRAM = FakeTelegram.get();
    private static final AtomicInteger UPDATES = new AtomicInteger();

    @Test
    void aTelegramUserTalksToTheBotThroughTheWebhook() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        ApiClient.Response connection = api.post("/api/v1/providers", "{\"name\":\"Клиника бот\",\"type\":\"telegram\","
                + "\"settings\":{\"botToken\":\"" + bot.token() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl()
                + "\",\"webhookSecret\":\"hook-secret\"}}");
        assertThat(connection.status()).as(connection.text()).isEqualTo(201);
        String connectionId = connection.json().get("id").asString();
        String chatId = api.post("/api/v1/chats", "{\"name\":\"Клиника\",\"botId\":\""
                + ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY) + "\",\"messengers\":[{\"messengerType\":"
                + "\"TELEGRAM\",\"provider\":\"" + connectionId + "\"}]}").json().get("id").asString();
        String user = String.valueOf(900_000_000 + UPDATES.incrementAndGet());

        assertThat(update(connectionId, user, "Здравствуйте")).isEqualTo(200);
        eventually().until(() -> bot.sendsTo(user).size() == 1);
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(user).getFirst()).get("text").asString())
                .isEqualTo(", оцените нас от 1 до 10");

        update(connectionId, user, "10");
        eventually().until(() -> bot.sendsTo(user).size() == 2);
        JsonNode question = FakeTelegram.Bot.body(bot.sendsTo(user).get(1));
        assertThat(question.get("text").asString()).isEqualTo("Подтверждаете запись?");
        assertThat(question.get("reply_markup").get("keyboard").toString())
                .isEqualTo("[[{\"text\":\"Подтверждаю\"}],[{\"text\":\"Отказ\"}]]");

        // Pressing a reply-keyboard button sends its text.
        update(connectionId, user, "Подтверждаю");
        JsonNode session = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items").get(0);
        assertThat(session.get("status").asString()).isEqualTo("FINISHED");
        assertThat(session.get("clientAddress").asString()).isEqualTo(user);
        assertThat(session.get("dialogResultsFromBotJson").get("confirmation").asString()).isEqualTo("yes");
        assertThat(session.get("dialogResultsFromBotJson").get("nps").asString()).isEqualTo("10");
        eventually().until(() -> bot.sendsTo(user).size() == 3);
    }

    @Test
    void startOpensTheSessionAndTheNextMessageAnswersTheBotsFirstStep() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connectionId = telegramConnection(api, bot);
        String chatId = chat(api, connectionId);
        String user = String.valueOf(900_000_000 + UPDATES.incrementAndGet());

        // /start opens the session and the bot says its first step at once.
        int start = UPDATES.incrementAndGet();
        assertThat(update(connectionId, user, start, "/start")).isEqualTo(200);
        // Telegram delivers an update again until it gets 2xx: the repeat changes nothing.
        assertThat(update(connectionId, user, start, "/start")).isEqualTo(200);
        eventually().until(() -> bot.sendsTo(user).size() == 1);
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(user).getFirst()).get("text").asString())
                .isEqualTo(", оцените нас от 1 до 10");
        JsonNode session = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items").get(0);
        assertThat(session.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(session.get("currentStep").asString()).isEqualTo("nps");

        // The next message is the answer to that step, not a new greeting.
        update(connectionId, user, "9");
        eventually().until(() -> bot.sendsTo(user).size() == 2);
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(user).get(1)).get("text").asString())
                .isEqualTo("Подтверждаете запись?");
        String sessionId = session.get("id").asString();
        assertThat(api.get("/api/v1/chat/sessions/" + sessionId).json().get("variables").get("nps").asString())
                .isEqualTo("9");

        // /start again continues the open session: the bot asks the question it waits at once more.
        update(connectionId, user, "/start");
        eventually().until(() -> bot.sendsTo(user).size() == 3);
        JsonNode again = FakeTelegram.Bot.body(bot.sendsTo(user).get(2));
        assertThat(again.get("text").asString()).isEqualTo("Подтверждаете запись?");
        assertThat(again.get("reply_markup").get("keyboard").toString())
                .isEqualTo("[[{\"text\":\"Подтверждаю\"}],[{\"text\":\"Отказ\"}]]");
        update(connectionId, user, "Отказ");
        JsonNode finished = api.get("/api/v1/chat/sessions/" + sessionId).json();
        assertThat(finished.get("status").asString()).isEqualTo("FINISHED");
        assertThat(finished.get("dialogResultsFromBotJson").get("nps").asString()).isEqualTo("9");
        assertThat(finished.get("dialogResultsFromBotJson").get("confirmation").asString()).isEqualTo("Отказ");
        assertThat(api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("count").asLong()).isEqualTo(1);

        JsonNode lines = transcript(api, sessionId);
        assertThat(lines.get(0).get("direction").asString()).isEqualTo("IN");
        assertThat(lines.get(0).get("text").asString()).isEqualTo("/start");
        assertThat(lines.valueStream().filter(l -> l.get("direction").asString().equals("IN")).count())
                .as("the repeated update was taken once").isEqualTo(4);
        eventually().until(() -> bot.sendsTo(user).size() == 4);
    }

    @Test
    void aDeepLinkStartKeepsItsParameterAsTheSessionsInitialVariable() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connectionId = telegramConnection(api, bot);
        String botId = ChatFixtures.createBot(api, "Промо", """
                {"start": "code", "steps": [
                  {"id": "code", "type": "question", "text": "Ваш код {{start}}. Как вас зовут?", "variable": "client",
                   "transitions": [{"to": "done"}]},
                  {"id": "done", "type": "end", "text": "Спасибо, {{client}}!", "result": {"campaign": "{{start}}"}}]}""");
        String chatId = api.post("/api/v1/chats", "{\"name\":\"Промо\",\"botId\":\"" + botId + "\",\"messengers\":"
                + "[{\"messengerType\":\"TELEGRAM\",\"provider\":\"" + connectionId + "\"}]}").json().get("id").asString();
        String user = String.valueOf(900_000_000 + UPDATES.incrementAndGet());

        // t.me/<bot>?start=promo-42 makes Telegram send "/start promo-42".
        update(connectionId, user, "/start promo-42");
        eventually().until(() -> bot.sendsTo(user).size() == 1);
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(user).getFirst()).get("text").asString())
                .isEqualTo("Ваш код promo-42. Как вас зовут?");
        update(connectionId, user, "Анна");
        eventually().until(() -> bot.sendsTo(user).size() == 2);
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(user).get(1)).get("text").asString()).isEqualTo("Спасибо, Анна!");
        JsonNode results = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items").get(0)
                .get("dialogResultsFromBotJson");
        assertThat(results.get("client").asString()).isEqualTo("Анна");
        assertThat(results.get("campaign").asString()).isEqualTo("promo-42");
        assertThat(results.get("initialVariables").toString()).isEqualTo("[{\"name\":\"start\",\"value\":\"promo-42\"}]");
    }

    @Test
    void startInASessionABroadcastOpenedIsNoAnswerSoTheMessageIsReadOnlyWithTheRealOne() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connectionId = telegramConnection(api, bot);
        String chatId = chat(api, connectionId);
        String user = String.valueOf(900_000_000 + UPDATES.incrementAndGet());
        String messageId = api.post("/api/v1/messages", group("{\"chat\":{\"chatId\":\"" + chatId + "\"}}",
                "[{\"messengerUserId\":\"" + user + "\",\"variables\":{\"name\":\"Иван\"}}]")).json().get(0)
                .get("id").asString();
        String sessionId = awaitStatus(api, messageId, "DELIVERED").get("providerMessageId").asString();
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(user).getFirst()).get("text").asString())
                .isEqualTo("Иван, оцените нас от 1 до 10");

        update(connectionId, user, "/start");
        eventually().until(() -> bot.sendsTo(user).size() == 2);
        assertThat(FakeTelegram.Bot.body(bot.sendsTo(user).get(1)).get("text").asString())
                .isEqualTo("Иван, оцените нас от 1 до 10");
        assertThat(api.get("/api/v1/messages/" + messageId).json().get("status").asString()).isEqualTo("DELIVERED");

        update(connectionId, user, "10");
        awaitStatus(api, messageId, "READ");
        assertThat(api.get("/api/v1/chat/sessions/" + sessionId).json().get("variables").get("nps").asString())
                .isEqualTo("10");
    }

    @Test
    void aReplyTheMessengerThrottledIsHandedOverAgainOnTheLeasedQueue() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connectionId = api.post("/api/v1/providers", "{\"name\":\"Бот\",\"type\":\"telegram\","
                + "\"settings\":{\"botToken\":\"" + bot.token() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl()
                + "\",\"webhookSecret\":\"hook-secret\"}}").json().get("id").asString();
        String chatId = api.post("/api/v1/chats", "{\"name\":\"Опрос\",\"botId\":\""
                + ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY) + "\",\"messengers\":[{\"messengerType\":"
                + "\"TELEGRAM\",\"provider\":\"" + connectionId + "\"}]}").json().get("id").asString();
        String user = String.valueOf(900_000_000 + UPDATES.incrementAndGet());
        bot.throttlesOnce(user, 1);

        assertThat(update(connectionId, user, "Здравствуйте")).isEqualTo(200);

        // The first hand-over is throttled for a second; the reply stays PENDING and is handed over again, by
        // whichever node claims it once due (within the sweep interval of 10 s), as its second attempt.
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> bot.sendsTo(user).size() == 2);
        JsonNode session = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items").get(0);
        eventually().until(() -> StreamSupport.stream(transcript(api, session.get("id").asString()).spliterator(), false)
                .filter(line -> line.get("direction").asString().equals("OUT"))
                .allMatch(line -> line.get("status").asString().equals("SENT")));
        assertThat(jdbc.sql("SELECT attempts, locked_by FROM chat_message WHERE session_id = ?::uuid AND direction = 'OUT'")
                .param(session.get("id").asString())
                .query((rs, i) -> rs.getInt("attempts") + "/" + rs.getString("locked_by")).single())
                .as("claimed once, and no longer held by the node").isEqualTo("1/null");
    }

    private static String telegramConnection(ApiClient api, FakeTelegram.Bot bot) {
        ApiClient.Response connection = api.post("/api/v1/providers", "{\"name\":\"Бот\",\"type\":\"telegram\","
                + "\"settings\":{\"botToken\":\"" + bot.token() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl()
                + "\",\"webhookSecret\":\"hook-secret\"}}");
        assertThat(connection.status()).as(connection.text()).isEqualTo(201);
        return connection.json().get("id").asString();
    }

    private static String chat(ApiClient api, String connectionId) {
        return api.post("/api/v1/chats", "{\"name\":\"Клиника\",\"botId\":\""
                + ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY) + "\",\"messengers\":[{\"messengerType\":"
                + "\"TELEGRAM\",\"provider\":\"" + connectionId + "\"}]}").json().get("id").asString();
    }

    private int update(String connectionId, String user, String text) {
        return update(connectionId, user, UPDATES.incrementAndGet(), text);
    }

    private int update(String connectionId, String user, int id, String text) {
        String body = "{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id + ",\"date\":1700000000,"
                + "\"from\":{\"id\":" + user + ",\"is_bot\":false,\"first_name\":\"Иван\"},"
                + "\"chat\":{\"id\":" + user + ",\"type\":\"private\"},\"text\":\"" + text + "\"}}";
        return anonymous().post("/webhooks/telegram/" + connectionId, body, "X-Telegram-Bot-Api-Secret-Token",
                "hook-secret").status();
    }
}
