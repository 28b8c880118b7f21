package dev.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import tools.jackson.databind.JsonNode;

/** Bots and chats the chat tests share. */
public final class ChatFixtures {

    /**
     * Asks for a rating (free answer, stored as nps), then for a confirmation by buttons (stored as
     * confirmation): "Подтверждаю" answers {@code yes}, "Отказ" answers itself; "оператор" hands over.
     */
    public static final String SURVEY = """
            {"start": "nps", "steps": [
              {"id": "nps", "type": "question", "text": "{{name}}, оцените нас от 1 до 10", "variable": "nps",
               "transitions": [{"to": "confirmation"}]},
              {"id": "confirmation", "type": "question", "text": "Подтверждаете запись?",
               "buttons": [{"text": "Подтверждаю", "value": "yes"}, {"text": "Отказ"}], "variable": "confirmation",
               "transitions": [{"button": "yes", "to": "confirmed"}, {"button": "Отказ", "to": "declined"},
                               {"match": "оператор", "to": "operator"}]},
              {"id": "confirmed", "type": "end", "text": "Ждём вас!", "result": {"outcome": "confirmed"}},
              {"id": "declined", "type": "end", "text": "Жаль. До свидания!"},
              {"id": "operator", "type": "operator", "text": "Соединяю с оператором"}
            ]}""";

    private ChatFixtures() {}

    public static String createBot(ApiClient api, String name, String scenario) {
        ApiClient.Response response = api.post("/api/v1/bots", "{\"name\":\"" + name + "\",\"scenario\":" + scenario + "}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    /** A chat on the sandbox messenger as WhatsApp (and Telegram), answered by {@code botId} (may be null). */
    public static String createChat(ApiClient api, String name, String botId) {
        ApiClient.Response response = api.post("/api/v1/chats", "{\"name\":\"" + name + "\",\"botId\":"
                + (botId == null ? "null" : "\"" + botId + "\"")
                + ",\"messengers\":[{\"messengerType\":\"WHATSAPP\",\"provider\":\"sandbox\"},"
                + "{\"messengerType\":\"TELEGRAM\"}]}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    /** Writes to a chat as a client through the sandbox messenger; answers what the bot said back. */
    public static JsonNode write(ApiClient api, String chatId, String from, String text) {
        ApiClient.Response response = api.post("/api/v1/sandbox/chats/" + chatId + "/inbound",
                ApiClient.json(java.util.Map.of("from", from, "text", text)));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    public static JsonNode press(ApiClient api, String chatId, String from, String payload) {
        ApiClient.Response response = api.post("/api/v1/sandbox/chats/" + chatId + "/inbound",
                ApiClient.json(java.util.Map.of("from", from, "payload", payload)));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    /** The session's messages both ways, oldest first. */
    public static JsonNode transcript(ApiClient api, String sessionId) {
        ApiClient.Response response = api.get("/api/v1/chat/sessions/" + sessionId + "/messages");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().get("items");
    }
}
