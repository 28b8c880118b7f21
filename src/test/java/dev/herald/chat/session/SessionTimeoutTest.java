package dev.herald.chat.session;

import static dev.herald.chat.ChatFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ClockTest;
import dev.herald.chat.ChatFixtures;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Sessions close as TIMED_OUT after herald.chat.session-timeout (24 h by default) without a message. */
class SessionTimeoutTest extends ClockTest {

    @Test
    void anIdleSessionTimesOutWithTheAnswersGivenSoFarAndTheNextMessageStartsAnother() {
        ApiClient api = newAccount();
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        String session = write(api, chatId, "79007770001", "Привет").get("sessionId").asString();

        clock.advance(Duration.ofHours(23));
        assertThat(write(api, chatId, "79007770001", "5").get("sessionId").asString())
                .as("a message within the timeout keeps the session").isEqualTo(session);

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        // The sweep (every herald.chat.sweep-interval, 10 s) closes it without any message.
        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> status(api, session).equals("TIMED_OUT"));
        JsonNode timedOut = api.get("/api/v1/chat/sessions/" + session).json();
        assertThat(timedOut.get("dialogResultsFromBotJson").get("nps").asString()).isEqualTo("5");
        assertThat(timedOut.get("dialogResultsFromBotJson").has("confirmation")).isFalse();
        assertThat(timedOut.get("closedAt").isNull()).isFalse();

        JsonNode next = write(api, chatId, "79007770001", "Подтверждаю");
        assertThat(next.get("sessionId").asString()).isNotEqualTo(session);
        assertThat(next.get("startedSession").asBoolean()).isTrue();
    }

    @Test
    void aMessageAfterTheTimeoutStartsANewSessionEvenBeforeTheSweepRan() {
        ApiClient api = newAccount();
        String chatId = ChatFixtures.createChat(api, "Клиника", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        String session = write(api, chatId, "79007770002", "Привет").get("sessionId").asString();

        clock.advance(Duration.ofHours(25));
        JsonNode next = write(api, chatId, "79007770002", "Снова я");

        assertThat(next.get("sessionId").asString()).isNotEqualTo(session);
        assertThat(next.get("replies").get(0).get("text").asString()).isEqualTo(", оцените нас от 1 до 10");
        assertThat(status(api, session)).isEqualTo("TIMED_OUT");
    }

    private static String status(ApiClient api, String session) {
        return api.get("/api/v1/chat/sessions/" + session).json().get("status").asString();
    }
}
