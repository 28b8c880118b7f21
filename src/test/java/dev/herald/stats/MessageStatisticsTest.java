package dev.herald.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MessageStatisticsTest extends HeraldTest {

    private static final String PATH = "/api/v1/statistics/messaging/messages";

    @Test
    void fieldsSelectWhatEachItemCarriesAndPagesSplitTheResult() {
        ApiClient api = newAccount();
        JsonNode items = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"s\"}}",
                "[{\"phone\":\"79000000001\"},{\"phone\":\"79000000002\"},{\"phone\":\"79000000003\"},"
                        + "{\"phone\":\"79000000004\"},{\"phone\":\"79000000005\"}]")).json();
        items.forEach(item -> awaitStatus(api, item.get("id").asString(), "DELIVERED"));

        Set<String> seen = new HashSet<>();
        for (int page = 0; page < 3; page++) {
            JsonNode body = api.get(PATH + "?limit=2&page=" + page + "&fields=status,id,destination").json();
            assertThat(body.get("count").asLong()).isEqualTo(5);
            assertThat(body.get("items").size()).isEqualTo(page < 2 ? 2 : 1);
            body.get("items").forEach(item -> {
                assertThat(item.propertyNames()).containsExactly("status", "id", "destination");
                assertThat(item.get("status").asString()).isEqualTo("DELIVERED");
                seen.add(item.get("id").asString());
            });
        }
        assertThat(seen).hasSize(5);
        assertThat(api.get(PATH + "?limit=2&page=3").json().get("items").size()).isZero();
    }

    @Test
    void withoutFieldsEveryFieldIsReturned() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/messages", "{\"messages\":[{\"callbackData\":\"crm-7\",\"channels\":{\"sms\":{\"text\":\"s\"}},"
                + "\"destinations\":[{\"phone\":\"79000000001\"}]}]}").json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");

        JsonNode item = api.get(PATH).json().get("items").get(0);
        assertThat(item.propertyNames()).contains("id", "providerMessageId", "status", "channel", "bulkId", "groupId",
                "flowId", "createdAt", "sentAt", "deliveredAt", "error", "destination", "callbackData");
        assertThat(item.get("callbackData").asString()).isEqualTo("crm-7");
        assertThat(item.get("destination").asString()).isEqualTo("79000000001");
        assertThat(item.get("sentAt").isNull()).isFalse();
    }

    @Test
    void filtersByTimeChannelAndStatus() {
        ApiClient api = newAccount();
        String before = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1).toString();
        JsonNode items = api.post("/api/v1/messages", "{\"messages\":["
                + "{\"channels\":{\"sms\":{\"text\":\"s\"}},\"destinations\":[{\"phone\":\"79000000001\"},{\"phone\":\"79000000000\"}]},"
                + "{\"channels\":{\"email\":{\"text\":\"e\"}},\"destinations\":[{\"email\":\"a@example.com\"}]}]}").json();
        awaitStatus(api, items.get(1).get("id").asString(), "UNDELIVERED");
        awaitStatus(api, items.get(0).get("id").asString(), "DELIVERED");
        awaitStatus(api, items.get(2).get("id").asString(), "DELIVERED");
        String after = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1).toString();

        assertThat(count(api, "?channel=SMS")).isEqualTo(2);
        assertThat(count(api, "?channel=email")).isEqualTo(1);
        assertThat(count(api, "?channel=SMS&status=DELIVERED")).isEqualTo(1);
        assertThat(count(api, "?status=UNDELIVERED,DELIVERED")).isEqualTo(3);
        assertThat(count(api, "?from=" + encode(before) + "&to=" + encode(after))).isEqualTo(3);
        assertThat(count(api, "?from=" + encode(after))).isZero();
        assertThat(count(api, "?to=" + encode(before))).isZero();
        assertThat(count(api, "?bulkId=" + items.get(0).get("bulkId").asString())).isEqualTo(3);
    }

    @Test
    void badParametersAreNamed() {
        ApiClient api = newAccount();
        assertBadParameter(api, "?fields=id,password", "fields");
        assertBadParameter(api, "?channel=pigeon", "channel");
        assertBadParameter(api, "?status=LOST", "status");
        assertBadParameter(api, "?limit=0", "limit");
        assertBadParameter(api, "?limit=100000", "limit");
        assertBadParameter(api, "?page=-1", "page");
        assertBadParameter(api, "?from=yesterday", "from");
        assertBadParameter(api, "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to");
    }

    private static void assertBadParameter(ApiClient api, String query, String field) {
        ApiClient.Response response = api.get(PATH + query);
        assertThat(response.status()).as(query).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    private static long count(ApiClient api, String query) {
        return api.get(PATH + query).json().get("count").asLong();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
