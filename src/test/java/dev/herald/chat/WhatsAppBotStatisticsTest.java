package dev.herald.chat;

import static dev.herald.chat.ChatFixtures.press;
import static dev.herald.chat.ChatFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole recipe of twin-whatsapp-bot-statistics.ru.txt: a WhatsApp broadcast over the chat channel starts
 * bot dialogues, the messaging statistics give each message's providerMessageId (the session it started),
 * and the chat session statistics give each session's result, so every message is joined to its result.
 */
class WhatsAppBotStatisticsTest extends HeraldTest {

    /** Step 1's body as the document writes it, with this account's chat and bot and three clients. */
    private static final String STEP_1 = """
            {
                "messages": [
                    {
                        "channels": {
                            "chat": {
                                "chatId": "%s",
                                "botId": "%s",
                                "messengerType": "WHATSAPP",
                                "chatSessionName": "Название сессии",
                                "text": "Текст сообщения",

                                "provider": "TWIN"
                            }
                        },
                        "callbackUrl": "http://example.com",
                        "callbackData": "123",
                        "destinations": [
                            {
                                "variables": {
                                    "name": "Иван",
                                    "age": "23"
                                },
                                "phone": "74992868344",
                                "messengerUserId": "74992868344"
                            },
                            {
                                "variables": {"name": "Пётр"},
                                "phone": "74992868345",
                                "messengerUserId": "74992868345"
                            },
                            {
                                "phone": "74992868346",
                                "messengerUserId": "74992868346"
                            }
                        ]
                    }
                ]
            }""";

    @Test
    void eachMessageOfTheBroadcastIsJoinedToTheSessionItStartedAndToThatSessionsResult() {
        ApiClient api = newAccount();
        String botId = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String chatId = ChatFixtures.createChat(api, "TWIN TEST", botId);
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

        // Step 1: the broadcast. One item per destination, in their order.
        ApiClient.Response sent = api.post("/api/v1/messages", STEP_1.formatted(chatId, botId));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        JsonNode items = sent.json();
        assertThat(items.size()).isEqualTo(3);
        String[] messageIds = new String[3];
        for (int i = 0; i < 3; i++) {
            assertThat(items.get(i).get("status").asString()).isEqualTo("CREATED");
            assertThat(items.get(i).get("channel").asString()).isEqualTo("CHAT");
            messageIds[i] = items.get(i).get("id").asString();
        }
        for (String id : messageIds) {
            awaitStatus(api, id, "DELIVERED");
        }

        // Step 2: the messaging statistics, with the document's parameters (pages=0, fields URL-encoded).
        String from = encode(started.minusMinutes(5).toString());
        String to = encode(started.plusMinutes(5).toString());
        JsonNode messages = api.get("/api/v1/statistics/messaging/messages?from=" + from + "&to=" + to
                + "&pages=0&channel=CHAT&fields=id%2CproviderMessageId%2Cstatus").json();
        assertThat(messages.get("count").asLong()).isEqualTo(3);
        Map<String, String> sessionOfMessage = new HashMap<>();
        messages.get("items").forEach(item -> {
            assertThat(item.propertyNames()).containsExactly("id", "providerMessageId", "status");
            assertThat(item.get("status").asString()).isEqualTo("DELIVERED");
            sessionOfMessage.put(item.get("id").asString(), item.get("providerMessageId").asString());
        });
        assertThat(sessionOfMessage.keySet()).containsExactlyInAnyOrder(messageIds);
        assertThat(sessionOfMessage.values()).allMatch(v -> v.matches("[0-9a-f-]{36}")).doesNotHaveDuplicates();

        // The sandbox messenger showed each client the broadcast's text, in place of the bot's first question.
        JsonNode opening = ChatFixtures.transcript(api, sessionOfMessage.get(messageIds[0])).get(0);
        assertThat(opening.get("direction").asString()).isEqualTo("OUT");
        assertThat(opening.get("text").asString()).isEqualTo("Текст сообщения");

        // Two clients answer the bot: the first declines, the second confirms; the third never answers.
        JsonNode asked = write(api, chatId, "74992868344", "Тест");
        assertThat(asked.get("sessionId").asString()).isEqualTo(sessionOfMessage.get(messageIds[0]));
        assertThat(asked.get("replies").get(0).get("text").asString()).isEqualTo("Подтверждаете запись?");
        assertThat(asked.get("replies").get(0).get("buttons").get(1).get("text").asString()).isEqualTo("Отказ");
        JsonNode declined = write(api, chatId, "74992868344", "Отказ");
        assertThat(declined.get("status").asString()).isEqualTo("FINISHED");
        assertThat(declined.get("replies").get(0).get("text").asString()).isEqualTo("Жаль. До свидания!");
        write(api, chatId, "74992868345", "10");
        assertThat(press(api, chatId, "74992868345", "yes").get("status").asString()).isEqualTo("FINISHED");
        // Answering marks the message READ.
        awaitStatus(api, messageIds[0], "READ");

        // Step 3: the chat session statistics, with the document's parameters, chatId being the first
        // message's providerMessageId and nps asking for the bot's results.
        String sessionId = sessionOfMessage.get(messageIds[0]);
        String query = "?from=" + encode(started.minusHours(1).withOffsetSameInstant(ZoneOffset.ofHours(7)).toString())
                + "&to=" + encode(started.plusHours(1).toString())
                + "&withoutCount=false&withoutItems=false&limit=1000&page=0&chatId=" + sessionId
                + "&fields=id%2Cname%2CclientId%2CmessengerType%2Cnps";
        ApiClient.Response step3 = api.get("/api/v1/statistics/chat/sessions" + query);
        assertThat(step3.status()).as(step3.text()).isEqualTo(200);
        JsonNode sessions = step3.json();
        assertThat(sessions.get("count").asLong()).isEqualTo(1);
        JsonNode session = sessions.get("items").get(0);
        assertThat(session.propertyNames())
                .containsExactly("id", "name", "clientId", "messengerType", "dialogResultsFromBotJson");
        assertThat(session.get("id").asString()).isEqualTo(sessionId);
        assertThat(session.get("name").asString()).isEqualTo("Название сессии");
        assertThat(session.get("clientId").asString()).matches("[0-9a-f-]{36}");
        assertThat(session.get("messengerType").asString()).isEqualTo("WHATSAPP");
        JsonNode results = session.get("dialogResultsFromBotJson");
        assertThat(results.get("nps").asString()).isEqualTo("Тест");
        assertThat(results.get("confirmation").asString()).isEqualTo("Отказ");
        // The destination's variables, as name-value pairs.
        assertThat(results.get("initialVariables").valueStream().map(JsonNode::toString))
                .containsExactlyInAnyOrder("{\"name\":\"name\",\"value\":\"Иван\"}", "{\"name\":\"age\",\"value\":\"23\"}");

        // The whole broadcast: every message joined to its session's result.
        JsonNode all = api.get("/api/v1/statistics/chat/sessions?chatId=" + chatId
                + "&fields=id,clientAddress,dialogResultsFromBotJson").json();
        assertThat(all.get("count").asLong()).isEqualTo(3);
        Map<String, JsonNode> resultOfSession = new HashMap<>();
        all.get("items").forEach(item -> resultOfSession.put(item.get("id").asString(),
                item.get("dialogResultsFromBotJson")));
        assertThat(resultOfSession.get(sessionOfMessage.get(messageIds[0])).get("confirmation").asString())
                .isEqualTo("Отказ");
        JsonNode confirmed = resultOfSession.get(sessionOfMessage.get(messageIds[1]));
        assertThat(confirmed.get("nps").asString()).isEqualTo("10");
        assertThat(confirmed.get("confirmation").asString()).isEqualTo("yes");
        assertThat(confirmed.get("outcome").asString()).isEqualTo("confirmed");
        assertThat(resultOfSession.get(sessionOfMessage.get(messageIds[2])).isNull())
                .as("the third client is still talking to the bot").isTrue();

        // withoutCount / withoutItems leave those parts out.
        JsonNode countOnly = api.get("/api/v1/statistics/chat/sessions?chatId=" + chatId + "&withoutItems=true").json();
        assertThat(countOnly.propertyNames()).containsExactly("count");
        JsonNode itemsOnly = api.get("/api/v1/statistics/chat/sessions?chatId=" + chatId + "&withoutCount=true").json();
        assertThat(itemsOnly.propertyNames()).containsExactly("items");
        assertThat(itemsOnly.get("items").size()).isEqualTo(3);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
