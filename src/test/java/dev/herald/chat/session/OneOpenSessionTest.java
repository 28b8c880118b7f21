package dev.herald.chat.session;

import static dev.herald.chat.ChatFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.chat.ChatFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One client, one open session per chat: a client who writes while a chat-channel message to them is still
 * waiting to go out keeps the session they started; the message joins it instead of closing it.
 */
class OneOpenSessionTest extends HeraldTest {

    @Test
    void aMessageWaitingToGoOutJoinsTheSessionTheClientStartedMeanwhile() {
        ApiClient api = newAccount();
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        String client = "79005551001";
        String messageId = send(api, chatId, client, Instant.now().plusSeconds(2));

        String session = write(api, chatId, client, "Здравствуйте").get("sessionId").asString();
        String joined = awaitStatus(api, messageId, "DELIVERED").get("providerMessageId").asString();

        // The message is the first to join it, so its providerMessageId is the session id itself.
        assertThat(joined).isEqualTo(session);
        JsonNode sessions = api.get("/api/v1/chat/sessions?chatId=" + chatId).json();
        assertThat(sessions.get("count").asLong()).isEqualTo(1);
        assertThat(sessions.get("items").get(0).get("status").asString()).isEqualTo("ACTIVE");
        // The client's next answer still goes to their one session.
        assertThat(write(api, chatId, client, "9").get("sessionId").asString()).isEqualTo(session);
    }

    @Test
    void aClientWritingWhileTheirMessageGoesOutEndsUpWithOneSession() throws Exception {
        ApiClient api = newAccount();
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        int clients = 12;
        List<String> messages = new ArrayList<>();
        List<Callable<JsonNode>> writes = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String client = "7900555" + (2000 + i);
            messages.add(send(api, chatId, client, null));
            writes.add(() -> write(api, chatId, client, "Здравствуйте"));
        }
        try (var pool = Executors.newFixedThreadPool(6)) {
            for (var result : pool.invokeAll(writes)) {
                result.get();
            }
        }
        // READ when the client's words answered the message's session, DELIVERED when the message joined theirs.
        messages.forEach(id -> eventually().until(() -> api.get("/api/v1/messages/" + id).json().path("status")
                .asString(), s -> s.equals("DELIVERED") || s.equals("READ")));

        JsonNode all = api.get("/api/v1/chat/sessions?chatId=" + chatId + "&limit=100").json();
        assertThat(all.get("count").asLong()).as(all.toString()).isEqualTo(clients);
        all.get("items").forEach(s -> assertThat(s.get("status").asString()).isEqualTo("ACTIVE"));
    }

    private static String send(ApiClient api, String chatId, String client, Instant sendAt) {
        String body = "{\"messages\":[{\"channels\":{\"chat\":{\"chatId\":\"" + chatId + "\"}},\"destinations\":"
                + "[{\"messengerUserId\":\"" + client + "\"}]" + (sendAt == null ? "" : ",\"sendAt\":\"" + sendAt + "\"")
                + "}]}";
        ApiClient.Response response = api.post("/api/v1/messages", body);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0).get("id").asString();
    }
}
