package dev.herald.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A bot token never shows in a message's error, however it was pasted. */
class TelegramTokenSecrecyTest extends HeraldTest {

    private static final FakeTelegram TELEGRAM = FakeTelegram.get();

    @Test
    void aTokenPastedWithANewlineStillSendsAndNeverShowsInAnError() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String chat = "5550001";
        bot.accepts(chat, 77);
        ApiClient.Response created = api.post("/api/v1/providers", "{\"name\":\"tg\",\"type\":\"telegram\","
                + "\"settings\":{\"botToken\":\"" + bot.token() + "\\n\",\"baseUrl\":\"" + TELEGRAM.baseUrl() + "\"}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        String id = api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"hi\",\"provider\":\"tg\"}}",
                "[{\"messengerUserId\":\"" + chat + "\"}]")).json().get(0).get("id").asString();

        JsonNode sent = awaitStatus(api, id, "SENT");
        assertThat(sent.toString()).doesNotContain(bot.token());
        assertThat(bot.sendsTo(chat)).hasSize(1);
        JsonNode test = api.post("/api/v1/providers/" + created.json().get("id").asString() + "/test", "").json();
        assertThat(test.get("ok").asBoolean()).as(test.toString()).isTrue();
    }
}
