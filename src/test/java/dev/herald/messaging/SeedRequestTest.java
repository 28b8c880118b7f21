package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.chat.ChatFixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The WhatsApp-bot recipe of twin-whatsapp-bot-statistics.ru.txt, steps 1 and 2, as written there. */
class SeedRequestTest extends HeraldTest {

    /** Step 1's body, verbatim (including the blank line the document has). */
    static final String SEED = """
            {
                "messages": [
                    {
                        "channels": {
                            "chat": {
                                "chatId": "2daadc7b-2b7c-4fa3-822f-6ce3b2337f94",
                                "botId": "913d39f6-066d-4bee-b6f7-c3fdeb321c50",
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
                            }
                        ]
                    }
                ]
            }""";

    @Test
    void step1AcceptsTheRequestVerbatim() {
        ApiClient api = newAccount();

        ApiClient.Response response = api.post("/api/v1/messages", SEED);

        assertThat(response.status()).isEqualTo(201);
        JsonNode items = response.json();
        assertThat(items.isArray()).isTrue();
        assertThat(items.size()).isEqualTo(1);
        JsonNode item = items.get(0);
        assertThat(item.propertyNames()).containsExactly("id", "bulkId", "groupId", "flowId", "status", "channel", "error");
        assertThat(item.get("status").asString()).isEqualTo("CREATED");
        assertThat(item.get("channel").asString()).isEqualTo("CHAT");
        assertThat(item.get("error").isNull()).isTrue();
        for (String id : new String[] {"id", "bulkId", "groupId", "flowId"}) {
            assertThat(item.get(id).asString()).matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void step2StatisticsJoinTheMessageToTheChatSessionItStarted() {
        ApiClient api = newAccount();
        // The document's chat and bot, as this account has them.
        String botId = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String chatId = ChatFixtures.createChat(api, "TWIN TEST", botId);
        String seed = SEED.replace("2daadc7b-2b7c-4fa3-822f-6ce3b2337f94", chatId)
                .replace("913d39f6-066d-4bee-b6f7-c3fdeb321c50", botId);
        String from = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5).toString();
        String id = api.post("/api/v1/messages", seed).json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        String to = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5).toString();

        // As in the document: pages=0, channel=CHAT, fields=id,providerMessageId,status (URL-encoded).
        ApiClient.Response stats = api.get("/api/v1/statistics/messaging/messages?from=" + encode(from)
                + "&to=" + encode(to) + "&pages=0&channel=CHAT&fields=id%2CproviderMessageId%2Cstatus");

        assertThat(stats.status()).isEqualTo(200);
        JsonNode body = stats.json();
        assertThat(body.get("count").asLong()).isEqualTo(1);
        JsonNode item = body.get("items").get(0);
        assertThat(item.propertyNames()).containsExactly("id", "providerMessageId", "status");
        assertThat(item.get("id").asString()).isEqualTo(id);
        assertThat(item.get("status").asString()).isEqualTo("DELIVERED");
        // The chat session the message started, identified by a UUID as TWIN does.
        assertThat(item.get("providerMessageId").asString()).matches("[0-9a-f-]{36}");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
