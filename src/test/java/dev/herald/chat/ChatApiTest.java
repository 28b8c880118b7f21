package dev.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Chats through the API, and the walls between accounts around chats, bots and sessions. */
class ChatApiTest extends HeraldTest {

    @Test
    void chatsAreCreatedSearchedByPartOfTheirNameReplacedAndDeleted() {
        ApiClient api = newAccount();
        String botId = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String id = ChatFixtures.createChat(api, "Клиника «Здоровье» — запись", botId);
        ChatFixtures.createChat(api, "Доставка 50%_off", null);

        JsonNode chat = api.get("/api/v1/chats/" + id).json();
        assertThat(chat.get("name").asString()).isEqualTo("Клиника «Здоровье» — запись");
        assertThat(chat.get("botId").asString()).isEqualTo(botId);
        assertThat(chat.get("messengers").toString()).isEqualTo("[{\"messengerType\":\"WHATSAPP\",\"provider\":\"sandbox\"},"
                + "{\"messengerType\":\"TELEGRAM\",\"provider\":\"sandbox\"}]");

        assertThat(names(api, "?name=здоровье")).containsExactly("Клиника «Здоровье» — запись");
        assertThat(names(api, "?name=50%25_")).containsExactly("Доставка 50%_off");
        assertThat(names(api, "?name=_")).containsExactly("Доставка 50%_off");
        assertThat(names(api, "")).hasSize(2);
        assertThat(api.get("/api/v1/chats?limit=1&page=1").json().get("items").size()).isEqualTo(1);

        ApiClient.Response replaced = api.put("/api/v1/chats/" + id,
                "{\"name\":\"Клиника\",\"messengers\":[{\"messengerType\":\"viber\",\"provider\":\"Sandbox\"}]}");
        assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
        assertThat(replaced.json().get("botId").isNull()).isTrue();
        assertThat(replaced.json().get("messengers").get(0).get("messengerType").asString()).isEqualTo("VIBER");

        assertThat(api.delete("/api/v1/chats/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/chats/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/chats/" + id).status()).isEqualTo(404);
    }

    @Test
    void chatsAreFoundByPartOfTheirBotsNameToo() {
        ApiClient api = newAccount();
        ApiClient other = newAccount();
        String survey = ChatFixtures.createBot(api, "Опрос после визита", ChatFixtures.SURVEY);
        ChatFixtures.createChat(api, "Клиника", survey);
        ChatFixtures.createChat(api, "Доставка", null);
        ChatFixtures.createChat(api, "Визитки на заказ", null);
        ChatFixtures.createChat(other, "Чужой чат", ChatFixtures.createBot(other, "Опрос после визита", ChatFixtures.SURVEY));

        assertThat(names(api, "?name=ОПРОС")).containsExactly("Клиника");
        assertThat(names(api, "?name=после")).containsExactly("Клиника");
        // The chat's own name or its bot's: both match "визит".
        assertThat(names(api, "?name=визит")).containsExactly("Клиника", "Визитки на заказ");
        assertThat(api.get("/api/v1/chats?name=визит").json().get("count").asLong()).isEqualTo(2);
        assertThat(names(other, "?name=визит")).containsExactly("Чужой чат");
        assertThat(names(api, "?name=%25")).isEmpty();
    }

    @Test
    void aChatNeedsANameKnownMessengersOnceEachAndConnectionsOfTheirChannel() {
        ApiClient api = newAccount();
        String sms = api.post("/api/v1/providers", "{\"name\":\"sms-gw\",\"type\":\"http\",\"channel\":\"sms\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/sms\",\"apiKey\":\"k\"}}").json().get("id").asString();
        String telegram = api.post("/api/v1/providers", "{\"name\":\"tg\",\"type\":\"http\",\"channel\":\"telegram\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/tg\",\"apiKey\":\"k\"}}").json().get("id").asString();

        ApiClient.Response response = api.post("/api/v1/chats", """
                {"name": "", "botId": "6ca5c47d-0a4c-4ee3-b4a9-5015b9ec0073", "messengers": [
                  {"messengerType": "PIGEON"},
                  {"messengerType": "WHATSAPP", "provider": "%s"},
                  {"messengerType": "WEB", "provider": "nope"},
                  {"messengerType": "TELEGRAM", "provider": "tg"},
                  {"messengerType": "TELEGRAM"}
                ]}""".formatted(sms));

        assertThat(response.status()).isEqualTo(400);
        Map<String, String> errors = errors(response.json());
        assertThat(errors).containsOnlyKeys("name", "botId", "messengers[0].messengerType", "messengers[1].provider",
                "messengers[2].provider", "messengers[4].messengerType");
        assertThat(errors.get("messengers[1].provider")).contains("sms");
        assertThat(errors(api.post("/api/v1/chats", "{\"name\":\"x\",\"messengers\":[]}").json()))
                .containsOnlyKeys("messengers");

        // A connection serves one chat: its updates must name their chat.
        String first = api.post("/api/v1/chats", "{\"name\":\"first\",\"messengers\":[{\"messengerType\":\"TELEGRAM\","
                + "\"provider\":\"" + telegram + "\"}]}").json().get("id").asString();
        ApiClient.Response second = api.post("/api/v1/chats", "{\"name\":\"second\",\"messengers\":[{\"messengerType\":"
                + "\"TELEGRAM\",\"provider\":\"tg\"}]}");
        assertThat(errors(second.json()).get("messengers[0].provider")).contains("already serves chat 'first'");
        assertThat(api.put("/api/v1/chats/" + first, "{\"name\":\"first!\",\"messengers\":[{\"messengerType\":\"TELEGRAM\","
                + "\"provider\":\"tg\"}]}").status()).as("the chat that has it may keep it").isEqualTo(200);
    }

    @Test
    void anAccountNeverSeesNorUsesAnotherAccountsChatsBotsAndSessions() {
        ApiClient alice = newAccount();
        ApiClient mallory = newAccount();
        String botId = ChatFixtures.createBot(alice, "Опрос", ChatFixtures.SURVEY);
        String chatId = ChatFixtures.createChat(alice, "Alice's chat", botId);
        String sessionId = ChatFixtures.write(alice, chatId, "79001112233", "Привет").get("sessionId").asString();

        for (String path : new String[] {"/api/v1/chats/" + chatId, "/api/v1/bots/" + botId,
                "/api/v1/chat/sessions/" + sessionId, "/api/v1/chat/sessions/" + sessionId + "/messages"}) {
            assertThat(mallory.get(path).status()).as(path).isEqualTo(404);
        }
        assertThat(mallory.get("/api/v1/chats").json().get("count").asLong()).isZero();
        assertThat(mallory.get("/api/v1/bots").json().get("count").asLong()).isZero();
        assertThat(mallory.get("/api/v1/chat/sessions").json().get("count").asLong()).isZero();
        assertThat(mallory.get("/api/v1/statistics/chat/sessions?chatId=" + sessionId).json().get("count").asLong()).isZero();
        assertThat(mallory.get("/api/v1/statistics/chat/sessions?chatId=" + chatId).json().get("count").asLong()).isZero();
        assertThat(mallory.put("/api/v1/bots/" + botId, "{\"name\":\"x\",\"scenario\":" + ChatFixtures.SURVEY + "}")
                .status()).isEqualTo(404);
        assertThat(mallory.delete("/api/v1/chats/" + chatId).status()).isEqualTo(404);
        assertThat(mallory.delete("/api/v1/bots/" + botId).status()).isEqualTo(404);
        assertThat(mallory.post("/api/v1/chat/sessions/" + sessionId + "/messages", "{\"text\":\"hi\"}").status())
                .isEqualTo(404);
        assertThat(mallory.post("/api/v1/chat/sessions/" + sessionId + "/close", "{}").status()).isEqualTo(404);
        assertThat(mallory.post("/api/v1/sandbox/chats/" + chatId + "/inbound", "{\"from\":\"79001112233\",\"text\":\"hi\"}")
                .status()).isEqualTo(404);
        assertThat(errors(mallory.post("/api/v1/chats", "{\"name\":\"mine\",\"botId\":\"" + botId
                + "\",\"messengers\":[{\"messengerType\":\"WEB\"}]}").json())).containsOnlyKeys("botId");

        // A chat message naming another account's chat fails, and touches nothing of theirs.
        String messageId = mallory.post("/api/v1/messages", group("{\"chat\":{\"chatId\":\"" + chatId + "\",\"botId\":\""
                + botId + "\"}}", "[{\"messengerUserId\":\"79001112233\"}]")).json().get(0).get("id").asString();
        JsonNode failed = awaitStatus(mallory, messageId, "FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("CHAT_NOT_FOUND");
        assertThat(alice.get("/api/v1/chat/sessions/" + sessionId + "/messages").json().get("count").asLong())
                .isEqualTo(2);
        assertThat(alice.get("/api/v1/chat/sessions").json().get("count").asLong()).isEqualTo(1);
    }

    @Test
    void aChatWhoseOnlyMessengerConnectionWasDeletedFailsItsMessagesAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        String connection = api.post("/api/v1/providers", "{\"name\":\"Old bot\",\"type\":\"http\",\"channel\":"
                + "\"telegram\",\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/old-bot\"}}").json().get("id").asString();
        String botId = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String chatId = api.post("/api/v1/chats", "{\"name\":\"Поддержка\",\"botId\":\"" + botId + "\",\"messengers\":"
                + "[{\"messengerType\":\"TELEGRAM\",\"provider\":\"Old bot\"}]}").json().get("id").asString();
        assertThat(api.delete("/api/v1/providers/" + connection).status()).isEqualTo(204);

        JsonNode item = api.post("/api/v1/messages", group("{\"chat\":{\"chatId\":\"" + chatId + "\"},\"sms\":{\"text\":\"hi\"}}",
                "[{\"messengerUserId\":\"5151\",\"phone\":\"79005551511\"}]")).json().get(0);

        JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("MESSENGER_NOT_CONNECTED");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()).json()
                .get("items").toString(), s -> s.contains("SMS") && s.contains("DELIVERED"));
    }

    private static java.util.List<String> names(ApiClient api, String query) {
        java.util.List<String> names = new java.util.ArrayList<>();
        api.get("/api/v1/chats" + query).json().get("items").forEach(c -> names.add(c.get("name").asString()));
        return names;
    }

    private static Map<String, String> errors(JsonNode problem) {
        Map<String, String> errors = new HashMap<>();
        problem.get("errors").forEach(e -> errors.merge(e.get("field").asString(), e.get("message").asString(),
                (a, b) -> a + "; " + b));
        return errors;
    }
}
