package dev.herald.stats;

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

/** The chat session statistics' parameters (the whole recipe is in WhatsAppBotStatisticsTest). */
class ChatSessionStatisticsTest extends HeraldTest {

    private static final String PATH = "/api/v1/statistics/chat/sessions";

    @Test
    void fieldsTimeRangeAndPagesSelectWhatIsAnswered() {
        ApiClient api = newAccount();
        String before = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1).toString();
        String chatId = ChatFixtures.createChat(api, "Опросы", ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY));
        for (int i = 0; i < 3; i++) {
            ChatFixtures.write(api, chatId, "7900888000" + i, "Привет");
        }
        String after = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1).toString();

        JsonNode all = api.get(PATH).json();
        assertThat(all.get("count").asLong()).isEqualTo(3);
        assertThat(all.get("items").get(0).propertyNames()).containsExactly("id", "name", "clientId", "messengerType",
                "dialogResultsFromBotJson", "chatId", "botId", "status", "clientAddress", "messageId", "createdAt",
                "lastActivityAt", "closedAt");
        assertThat(all.get("items").get(0).get("name").asString()).isEqualTo("Опросы");

        JsonNode page = api.get(PATH + "?limit=2&page=1&fields=status,id,status").json();
        assertThat(page.get("count").asLong()).isEqualTo(3);
        assertThat(page.get("items").size()).isEqualTo(1);
        assertThat(page.get("items").get(0).propertyNames()).containsExactly("status", "id");
        assertThat(api.get(PATH + "?limit=2&pages=1").json().get("items").size()).isEqualTo(1);

        assertThat(api.get(PATH + "?from=" + encode(before) + "&to=" + encode(after)).json().get("count").asLong())
                .isEqualTo(3);
        assertThat(api.get(PATH + "?from=" + encode(after)).json().get("count").asLong()).isZero();
        JsonNode both = api.get(PATH + "?withoutCount=true&withoutItems=true").json();
        assertThat(both.propertyNames()).isEmpty();
        // A name that is no session field is a variable of the bot's results.
        assertThat(api.get(PATH + "?fields=id,confirmation,nps").json().get("items").get(0).propertyNames())
                .containsExactly("id", "dialogResultsFromBotJson");
    }

    @Test
    void badParametersAreNamed() {
        ApiClient api = newAccount();
        assertBadParameter(api, "?fields=id,no-such-field", "fields");
        assertBadParameter(api, "?limit=0", "limit");
        assertBadParameter(api, "?limit=1001", "limit");
        assertBadParameter(api, "?page=-1", "page");
        assertBadParameter(api, "?chatId=42", "chatId");
        assertBadParameter(api, "?withoutCount=perhaps", "withoutCount");
        assertBadParameter(api, "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to");
    }

    private static void assertBadParameter(ApiClient api, String query, String field) {
        ApiClient.Response response = api.get(PATH + query);
        assertThat(response.status()).as(query).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
