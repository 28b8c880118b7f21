package dev.herald.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code telegram} provider type through {@code /api/v1/providers} and {@code /api/v1/messages}, against
 * a WireMock Bot API: how each of Telegram's answers becomes a status.
 */
class TelegramProviderTest extends HeraldTest {

    private static final FakeTelegram TELEGRAM = FakeTelegram.get();
    private static final AtomicLong CHATS = new AtomicLong(500_000_000L);

    @Test
    void anAcceptedMessageIsSentToTheChatAndStaysSent() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connection = connect(api, bot);
        String chat = nextChat();
        bot.accepts(chat, 321);

        String id = send(api, "{\"telegram\":{\"text\":\"Привет\",\"provider\":\"" + connection + "\"}}", chat);
        JsonNode sent = awaitStatus(api, id, "SENT");

        assertThat(sent.get("providerMessageId").asString()).isEqualTo(chat + ":321");
        assertThat(sent.get("provider").asString()).isEqualTo("conn:" + connection);
        JsonNode body = FakeTelegram.Bot.body(bot.sendsTo(chat).getFirst());
        assertThat(body.get("text").asString()).isEqualTo("Привет");
        assertThat(jdbc.sql("SELECT count(*) FROM message WHERE id = ?::uuid AND expires_at IS NOT NULL").param(id)
                .query(Long.class).single())
                .as("Telegram sends no receipts, so nothing waits to expire the message").isZero();
    }

    @Test
    void aUserWhoBlockedTheBotFailsTheMessageWithBlocked() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connection = connect(api, bot);
        String chat = nextChat();
        bot.refuses(chat, 403, "Forbidden: bot was blocked by the user");

        String id = send(api, "{\"telegram\":{\"text\":\"hi\",\"provider\":\"" + connection + "\"}}", chat);
        JsonNode failed = awaitStatus(api, id, "FAILED");

        assertThat(failed.get("error").get("code").asString()).isEqualTo("BLOCKED");
        assertThat(failed.get("error").get("message").asString()).contains("bot was blocked by the user");
        assertThat(bot.sendsTo(chat)).hasSize(1);
    }

    @Test
    void aDeactivatedUserIsBlockedToo() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connection = connect(api, bot);
        String chat = nextChat();
        bot.refuses(chat, 403, "Forbidden: user is deactivated");

        String id = send(api, "{\"telegram\":{\"text\":\"hi\",\"provider\":\"" + connection + "\"}}", chat);

        assertThat(awaitStatus(api, id, "FAILED").get("error").get("code").asString()).isEqualTo("BLOCKED");
    }

    @Test
    void tooManyRequestsIsRetriedAfterTelegramsRetryAfter() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connection = connect(api, bot);
        String chat = nextChat();
        bot.throttlesOnce(chat, 2);

        String id = send(api, "{\"telegram\":{\"text\":\"hi\",\"provider\":\"" + connection + "\"}}", chat);
        JsonNode sent = awaitStatus(api, id, "SENT");

        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
        List<LoggedRequest> sends = bot.sendsTo(chat);
        assertThat(sends).hasSize(2);
        Duration waited = Duration.between(sends.get(0).getLoggedDate().toInstant(), sends.get(1).getLoggedDate().toInstant());
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void chatNotFoundIsPermanentAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connection = connect(api, bot);
        String chat = nextChat();
        bot.refuses(chat, 400, "Bad Request: chat not found");

        JsonNode item = api.post("/api/v1/messages", group(
                "{\"telegram\":{\"text\":\"hi\",\"provider\":\"" + connection + "\"},\"sms\":{\"text\":\"hi\"}}",
                "[{\"messengerUserId\":\"" + chat + "\",\"phone\":\"79001234561\"}]")).json().get(0);
        JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");

        assertThat(failed.get("error").get("code").asString()).isEqualTo("CHAT_NOT_FOUND");
        assertThat(bot.sendsTo(chat)).as("not retried").hasSize(1);
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
    }

    @Test
    void aServerErrorIsRetried() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connection = connect(api, bot);
        String chat = nextChat();
        bot.refuses(chat, 502, "Bad Gateway");

        String id = send(api, "{\"telegram\":{\"text\":\"hi\",\"provider\":\"" + connection + "\"}}", chat);

        eventually().until(() -> bot.sendsTo(chat).size() >= 2);
        assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void theTestCallsGetMeAndABadTokenIsCaughtWhenSaved() {
        ApiClient api = newAccount();
        FakeTelegram.Bot bot = TELEGRAM.newBot();
        String connection = connect(api, bot);

        JsonNode check = api.post("/api/v1/providers/" + connection + "/test", "").json();
        assertThat(check.get("ok").asBoolean()).isTrue();
        assertThat(check.get("detail").asString()).isEqualTo("getMe: @" + bot.username());

        ApiClient.Response malformed = api.post("/api/v1/providers", "{\"name\":\"bad\",\"type\":\"telegram\","
                + "\"settings\":{\"botToken\":\"not-a-token\",\"baseUrl\":\"" + TELEGRAM.baseUrl() + "\"}}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text()).contains("settings.botToken");
        ApiClient.Response unknown = api.post("/api/v1/providers?test=true", "{\"name\":\"gone\",\"type\":\"telegram\","
                + "\"settings\":{\"botToken\":\"" + FakeTelegram.unknownToken() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl() + "\"}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("401").contains("Unauthorized");
    }

    @Test
    void theTypeListsItsSettingsWithTelegramsRateLimits() {
        JsonNode types = newAccount().get("/api/v1/providers/types").json();
        JsonNode telegram = null;
        for (JsonNode type : types.has("items") ? types.get("items") : types) {
            if (type.get("type").asString().equals("telegram")) {
                telegram = type;
            }
        }
        assertThat(telegram).isNotNull();
        assertThat(telegram.toString()).contains("botToken").contains("webhookSecret").contains("\"30\"")
                .contains("\"1000\"");
    }

    /** A Telegram connection of the fake bot, through the providers API; returns its id. */
    private String connect(ApiClient api, FakeTelegram.Bot bot) {
        ApiClient.Response created = api.post("/api/v1/providers", "{\"name\":\"tg-" + bot.id() + "\",\"type\":\"telegram\","
                + "\"settings\":{\"botToken\":\"" + bot.token() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl() + "\"}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String send(ApiClient api, String channels, String chat) {
        return api.post("/api/v1/messages", group(channels, "[{\"messengerUserId\":\"" + chat + "\"}]"))
                .json().get(0).get("id").asString();
    }

    private static String nextChat() {
        return String.valueOf(CHATS.incrementAndGet());
    }
}
