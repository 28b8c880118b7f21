package dev.herald.task;

import static dev.herald.chat.ChatFixtures.transcript;
import static dev.herald.chat.ChatFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.chat.ChatFixtures;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A send task into chat sessions (TWIN's advertising messages): its chat channel has no chatId, each row of the
 * file names a session in the chatSessionId column, and the text goes into that session.
 */
class ChatSessionTaskTest extends TaskTestSupport {

    @BeforeEach
    void account() {
        signUp();
    }

    @Test
    void theFileTemplateOfATaskIntoChatSessionsHasAChatSessionIdColumn() {
        assertThat(api.get("/api/v1/tasks/template.csv?channels=chat&chatSessions=true").text())
                .isEqualTo("\uFEFFchatSessionId,contactId,externalCustomerId\r\n");
        assertThat(api.get("/api/v1/tasks/template.csv?channels=chat,sms&chatSessions=true").text())
                .as("a fallback channel still needs its address")
                .isEqualTo("\uFEFFchatSessionId,phone,contactId,externalCustomerId\r\n");
        assertThat(api.get("/api/v1/tasks/template.csv?channels=chat").text())
                .as("starting sessions, the rows name the clients")
                .isEqualTo("\uFEFFphone,messengerUserId,contactId,externalCustomerId\r\n");
        assertThat(api.get("/api/v1/tasks/template.csv?channels=sms&chatSessions=true").status()).isEqualTo(400);

        String id = createTask("{\"name\":\"Реклама\",\"channels\":{\"chat\":{\"text\":\"Скидка 10%\"}}}");
        assertThat(api.get("/api/v1/tasks/" + id + "/template.csv").text())
                .isEqualTo("\uFEFFchatSessionId,contactId,externalCustomerId\r\n");
    }

    @Test
    void eachRowsTextGoesIntoItsSessionAndAForeignOrBadSessionIsTheRowsAlone() {
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        String first = write(api, chatId, "79006660001", "Здравствуйте").get("sessionId").asString();
        String second = write(api, chatId, "79006660002", "Здравствуйте").get("sessionId").asString();
        ApiClient other = newAccount();
        String otherChat = ChatFixtures.createChat(other, "Чужая", ChatFixtures.createBot(other, "Опрос", ChatFixtures.SURVEY));
        String foreign = write(other, otherChat, "79006660003", "Здравствуйте").get("sessionId").asString();

        String id = createTask("{\"name\":\"Реклама\",\"channels\":{\"chat\":{\"text\":\"Скидка 10% до воскресенья\"}}}");
        JsonNode loaded = uploadCsv(id, "chatSessionId;note\n" + first + ";a\n" + second + ";b\nnot-a-session;c\n;d\n"
                + foreign + ";e\n").json();
        assertThat(loaded.at("/file/rows").asInt()).isEqualTo(5);
        assertThat(loaded.at("/file/invalidRows").asInt()).isEqualTo(2);
        JsonNode errors = api.get("/api/v1/tasks/" + id + "/errors").json().get("items");
        assertThat(errors.get(0).get("row").asInt()).isEqualTo(4);
        assertThat(errors.get(0).at("/errors/0/column").asString()).isEqualTo("chatSessionId");
        assertThat(errors.get(0).at("/errors/0/value").asString()).isEqualTo("not-a-session");
        assertThat(errors.get(1).get("row").asInt()).isEqualTo(5);
        assertThat(errors.get(1).at("/errors/0/message").asString()).startsWith("is empty");

        api.post("/api/v1/tasks/" + id + "/start", "");
        awaitTaskStatus(id, "DONE");
        eventually().until(() -> task(id).at("/progress/delivered").asInt() == 2
                && task(id).at("/progress/failed").asInt() == 1);
        for (String session : new String[] {first, second}) {
            JsonNode lines = transcript(api, session);
            JsonNode last = lines.get(lines.size() - 1);
            assertThat(last.get("author").asString()).isEqualTo("SENDER");
            assertThat(last.get("text").asString()).isEqualTo("Скидка 10% до воскресенья");
        }
        assertThat(transcript(other, foreign).size()).as("another account's session is out of reach").isEqualTo(2);

        JsonNode rows = api.get("/api/v1/tasks/" + id + "/rows").json().get("items");
        assertThat(rows.get(0).get("chatSessionId").asString()).isEqualTo(first);
        assertThat(rows.get(0).get("status").asString()).isEqualTo("DELIVERED");
        assertThat(rows.get(4).get("status").asString()).isEqualTo("FAILED");
        String failed = rows.get(4).get("messageId").asString();
        assertThat(api.get("/api/v1/messages/" + failed).json().at("/error/code").asString())
                .isEqualTo("CHAT_SESSION_NOT_FOUND");
    }

    @Test
    void aTaskIntoChatSessionsSaysWhatItCannotHave() {
        assertThat(problems("{\"chat\":{}}")).containsKey("channels.chat.text");
        assertThat(problems("{\"chat\":{\"text\":\"a\",\"botId\":\"" + UUID.randomUUID() + "\"}}"))
                .containsKey("channels.chat.botId");
        assertThat(problems("{\"chat\":{\"text\":\"a\",\"chatSessionId\":\"" + UUID.randomUUID() + "\"}}"))
                .containsKey("channels.chat.chatSessionId");
    }

    private java.util.Map<String, String> problems(String channels) {
        ApiClient.Response response = api.post("/api/v1/tasks", "{\"name\":\"Реклама\",\"channels\":" + channels + "}");
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        java.util.Map<String, String> problems = new java.util.LinkedHashMap<>();
        response.json().get("errors").forEach(e -> problems.put(e.get("field").asString(), e.get("message").asString()));
        return problems;
    }
}
