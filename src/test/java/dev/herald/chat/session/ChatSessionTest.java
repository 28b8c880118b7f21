package dev.herald.chat.session;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.herald.chat.ChatFixtures.transcript;
import static dev.herald.chat.ChatFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.Channel;
import dev.herald.channel.InboundMessage;
import dev.herald.chat.ChatFixtures;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.JsonNode;

/** Chat sessions: started and continued by chat-channel messages, driven by clients' messages, handed over. */
class ChatSessionTest extends HeraldTest {

    @Autowired
    ApplicationEventPublisher events;

    @Test
    void continueLastOrStartNewSessionContinuesTheOpenSessionOnlyWhenAskedTo() {
        ApiClient api = newAccount();
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        String client = "79005550001";

        String first = send(api, chatId, client, "");
        String session = awaitStatus(api, first, "DELIVERED").get("providerMessageId").asString();
        assertThat(lastText(api, session)).isEqualTo(", оцените нас от 1 до 10");

        // true: the open session goes on; the message's text joins it and the bot keeps its place.
        String second = send(api, chatId, client, ",\"continueLastOrStartNewSession\":true,\"text\":\"Напоминаем о записи\"");
        assertThat(awaitStatus(api, second, "DELIVERED").get("providerMessageId").asString()).isEqualTo(session + ".2");
        assertThat(lastText(api, session)).isEqualTo("Напоминаем о записи");
        JsonNode answered = write(api, chatId, client, "8");
        assertThat(answered.get("sessionId").asString()).isEqualTo(session);
        assertThat(answered.get("replies").get(0).get("text").asString()).isEqualTo("Подтверждаете запись?");
        // Without text, continuing reminds the client of the question the bot waits at.
        String third = send(api, chatId, client, ",\"continueLastOrStartNewSession\":true");
        assertThat(awaitStatus(api, third, "DELIVERED").get("providerMessageId").asString()).isEqualTo(session + ".3");
        assertThat(lastText(api, session)).isEqualTo("Подтверждаете запись?");
        assertThat(api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("count").asLong()).isEqualTo(1);

        // false (or absent): a new session; the open one is closed with what the client had answered.
        String fourth = send(api, chatId, client, ",\"continueLastOrStartNewSession\":false");
        String newSession = awaitStatus(api, fourth, "DELIVERED").get("providerMessageId").asString();
        assertThat(newSession).isNotEqualTo(session).matches("[0-9a-f-]{36}");
        JsonNode closed = api.get("/api/v1/chat/sessions/" + session).json();
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.get("dialogResultsFromBotJson").get("nps").asString()).isEqualTo("8");
        assertThat(write(api, chatId, client, "9").get("sessionId").asString()).isEqualTo(newSession);
        assertThat(api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("count").asLong()).isEqualTo(2);
        // true with no open session starts one too.
        String other = send(api, chatId, "79005550002", ",\"continueLastOrStartNewSession\":true");
        assertThat(awaitStatus(api, other, "DELIVERED").get("providerMessageId").asString()).matches("[0-9a-f-]{36}");
    }

    @Test
    void inboundMessagesOfAConnectionAreRoutedToItsChatAndTheBotAnswersThroughIt() {
        ApiClient api = newAccount();
        String path = "/tg-" + UUID.randomUUID();
        GATEWAY.stubFor(post(urlEqualTo(path + "/messages"))
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"tg-msg\"}")));
        String connection = api.post("/api/v1/providers", "{\"name\":\"Support bot\",\"type\":\"http\",\"channel\":"
                + "\"telegram\",\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + path + "\",\"apiKey\":\"k\"}}")
                .json().get("id").asString();
        String botId = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String chatId = api.post("/api/v1/chats", "{\"name\":\"Поддержка\",\"botId\":\"" + botId + "\",\"messengers\":"
                + "[{\"messengerType\":\"TELEGRAM\",\"provider\":\"Support bot\"}]}").json().get("id").asString();
        UUID account = jdbc.sql("SELECT account_id FROM chat WHERE id = ?::uuid").param(chatId).query(UUID.class).single();

        events.publishEvent(inbound(account, connection, "4242", "/start", null, "update-1"));
        eventually().until(() -> requests(path, "4242").size() == 1);
        assertThat(body(requests(path, "4242").getFirst()).get("text").asString()).isEqualTo(", оцените нас от 1 до 10");

        events.publishEvent(inbound(account, connection, "4242", "10", null, "update-2"));
        // A webhook delivered twice is taken once.
        events.publishEvent(inbound(account, connection, "4242", "10", null, "update-2"));
        eventually().until(() -> requests(path, "4242").size() == 2);
        JsonNode question = body(requests(path, "4242").get(1));
        assertThat(question.get("text").asString()).isEqualTo("Подтверждаете запись?");
        assertThat(question.get("channel").asString()).isEqualTo("telegram");
        assertThat(question.get("buttons").toString())
                .isEqualTo("[{\"text\":\"Подтверждаю\",\"value\":\"yes\"},{\"text\":\"Отказ\",\"value\":\"Отказ\"}]");

        events.publishEvent(inbound(account, connection, "4242", null, "Отказ", "update-3"));
        JsonNode session = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items").get(0);
        assertThat(session.get("status").asString()).isEqualTo("FINISHED");
        assertThat(session.get("messengerType").asString()).isEqualTo("TELEGRAM");
        assertThat(session.get("clientAddress").asString()).isEqualTo("4242");
        assertThat(session.get("messageId").isNull()).as("the client wrote first").isTrue();
        assertThat(session.get("dialogResultsFromBotJson").get("confirmation").asString()).isEqualTo("Отказ");
        eventually().until(() -> requests(path, "4242").size() == 3);
        JsonNode lines = transcript(api, session.get("id").asString());
        assertThat(lines.size()).isEqualTo(6);
        lines.forEach(line -> assertThat(line.get("status").asString()).isIn("RECEIVED", "SENT"));

        // Updates of a connection no chat uses, or of another account, go nowhere.
        events.publishEvent(inbound(UUID.randomUUID(), connection, "4242", "hi", null, "update-4"));
        events.publishEvent(inbound(account, UUID.randomUUID().toString(), "4242", "hi", null, "update-5"));
        assertThat(api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("count").asLong()).isEqualTo(1);

        // A chat-channel message goes out through the same connection.
        String messageId = api.post("/api/v1/messages", group("{\"chat\":{\"chatId\":\"" + chatId + "\"}}",
                "[{\"messengerUserId\":\"777\"}]")).json().get(0).get("id").asString();
        String started = awaitStatus(api, messageId, "DELIVERED").get("providerMessageId").asString();
        assertThat(requests(path, "777")).hasSize(1);
        assertThat(api.get("/api/v1/chat/sessions/" + started).json().get("messengerType").asString())
                .as("the client's last used messenger").isEqualTo("TELEGRAM");
    }

    @Test
    void anOperatorTakesOverAHandedOverSessionAndClosesIt() {
        ApiClient api = newAccount();
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        write(api, chatId, "79005550003", "Здравствуйте");
        write(api, chatId, "79005550003", "7");
        JsonNode handedOver = write(api, chatId, "79005550003", "Мне нужен оператор");
        assertThat(handedOver.get("status").asString()).isEqualTo("OPERATOR");
        assertThat(handedOver.get("replies").get(0).get("text").asString()).isEqualTo("Соединяю с оператором");
        String session = handedOver.get("sessionId").asString();

        JsonNode silent = write(api, chatId, "79005550003", "Алло?");
        assertThat(silent.get("sessionId").asString()).isEqualTo(session);
        assertThat(silent.get("replies").size()).as("the bot is out of it").isZero();
        ApiClient.Response reply = api.post("/api/v1/chat/sessions/" + session + "/messages", "{\"text\":\"Слушаю вас\"}");
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        assertThat(reply.json().get("author").asString()).isEqualTo("OPERATOR");
        assertThat(reply.json().get("status").asString()).isEqualTo("SENT");
        assertThat(lastText(api, session)).isEqualTo("Слушаю вас");

        JsonNode closed = api.post("/api/v1/chat/sessions/" + session + "/close", "").json();
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.get("dialogResultsFromBotJson").get("nps").asString()).isEqualTo("7");
        assertThat(closed.get("dialogResultsFromBotJson").get("confirmation").asString()).isEqualTo("Мне нужен оператор");
        assertThat(api.post("/api/v1/chat/sessions/" + session + "/messages", "{\"text\":\"?\"}").status()).isEqualTo(409);
        assertThat(write(api, chatId, "79005550003", "Ещё вопрос").get("sessionId").asString())
                .as("the client's next message starts afresh").isNotEqualTo(session);
    }

    @Test
    void chatMessagesThatCannotStartASessionFailAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        String withBot = ChatFixtures.createChat(api, "С ботом", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        String withoutBot = ChatFixtures.createChat(api, "Без бота", null);

        assertThat(failure(api, "{\"chatId\":\"" + UUID.randomUUID() + "\"}")).isEqualTo("CHAT_NOT_FOUND");
        assertThat(failure(api, "{\"chatId\":\"" + withBot + "\",\"messengerType\":\"VIBER\"}"))
                .isEqualTo("MESSENGER_NOT_CONNECTED");
        assertThat(failure(api, "{\"chatId\":\"" + withBot + "\",\"botId\":\"" + UUID.randomUUID() + "\"}"))
                .isEqualTo("BOT_NOT_FOUND");
        assertThat(failure(api, "{\"chatId\":\"" + withoutBot + "\"}")).isEqualTo("NOTHING_TO_SAY");

        JsonNode item = api.post("/api/v1/messages", group("{\"chat\":{\"chatId\":\"" + UUID.randomUUID()
                + "\"},\"sms\":{\"text\":\"Запасной путь\"}}", "[{\"phone\":\"79005550004\"}]")).json().get(0);
        awaitStatus(api, item.get("id").asString(), "FAILED");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);

        // A chat without a bot: the message's text opens a session that waits for an operator.
        String id = api.post("/api/v1/messages", group("{\"chat\":{\"chatId\":\"" + withoutBot
                + "\",\"text\":\"Здравствуйте, {{name}}!\"}}", "[{\"phone\":\"79005550005\",\"variables\":{\"name\":\"Анна\"}}]"))
                .json().get(0).get("id").asString();
        String session = awaitStatus(api, id, "DELIVERED").get("providerMessageId").asString();
        assertThat(api.get("/api/v1/chat/sessions/" + session).json().get("status").asString()).isEqualTo("OPERATOR");
        assertThat(lastText(api, session)).isEqualTo("Здравствуйте, Анна!");
    }

    @Test
    void aClientsMessagesArrivingAtOnceGoToOneSessionOneAfterAnother() throws Exception {
        ApiClient api = newAccount();
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        List<java.util.concurrent.Callable<JsonNode>> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = "сообщение " + i;
            writes.add(() -> write(api, chatId, "79005550007", text));
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            java.util.Set<String> sessions = new java.util.HashSet<>();
            for (var result : pool.invokeAll(writes)) {
                sessions.add(result.get().get("sessionId").asString());
            }
            assertThat(sessions).hasSize(1);
            JsonNode lines = transcript(api, sessions.iterator().next());
            long received = lines.valueStream().filter(l -> l.get("direction").asString().equals("IN")).count();
            assertThat(received).isEqualTo(8);
        }
        assertThat(api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("count").asLong()).isEqualTo(1);
    }

    private static String failure(ApiClient api, String options) {
        String id = api.post("/api/v1/messages", group("{\"chat\":" + options + "}", "[{\"phone\":\"79005550006\"}]"))
                .json().get(0).get("id").asString();
        return awaitStatus(api, id, "FAILED").get("error").get("code").asString();
    }

    private static String send(ApiClient api, String chatId, String client, String moreOptions) {
        ApiClient.Response response = api.post("/api/v1/messages", group("{\"chat\":{\"chatId\":\"" + chatId + "\""
                + moreOptions + "}}", "[{\"messengerUserId\":\"" + client + "\"}]"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0).get("id").asString();
    }

    private static String lastText(ApiClient api, String session) {
        JsonNode lines = transcript(api, session);
        return lines.get(lines.size() - 1).get("text").asString();
    }

    private static InboundMessage inbound(UUID account, String connection, String from, String text, String payload,
                                          String updateId) {
        return new InboundMessage(account, "conn:" + connection, Channel.TELEGRAM, from, "Иван", text, payload,
                updateId, Instant.now());
    }

    private static List<LoggedRequest> requests(String path, String to) {
        return GATEWAY.findAll(postRequestedFor(urlEqualTo(path + "/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(to))));
    }

    private static JsonNode body(LoggedRequest request) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(request.getBodyAsString());
    }
}
