package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Channels are tried in request order until one delivers; required channels go regardless. */
class CascadeTest extends HeraldTest {

    @Test
    void anUndeliveredChannelFallsOverToTheNext() {
        ApiClient api = newAccount();
        JsonNode item = api.post("/api/v1/messages", group(
                "{\"viber\":{\"text\":\"v\"},\"sms\":{\"text\":\"s\"},\"email\":{\"text\":\"e\"}}",
                "[{\"phone\":\"79001230000\",\"email\":\"ok@example.com\"}]")).json().get(0);
        String flowId = item.get("flowId").asString();
        assertThat(item.get("channel").asString()).isEqualTo("VIBER");

        eventually().until(() -> flowMessages(api, flowId).size() == 3
                && flowMessages(api, flowId).stream().anyMatch(m -> m.get("status").asString().equals("DELIVERED")));

        List<JsonNode> messages = flowMessages(api, flowId);
        assertThat(messages).extracting(m -> m.get("channel").asString() + ":" + m.get("status").asString())
                .containsExactlyInAnyOrder("VIBER:UNDELIVERED", "SMS:UNDELIVERED", "EMAIL:DELIVERED");
        assertThat(jdbc.sql("SELECT status FROM flow WHERE id = ?::uuid").param(flowId).query(String.class).single())
                .isEqualTo("DELIVERED");
    }

    @Test
    void theCascadeStopsAtTheFirstDeliveredChannel() {
        ApiClient api = newAccount();
        JsonNode item = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"s\"},\"email\":{\"text\":\"e\"}}",
                "[{\"phone\":\"79001230001\",\"email\":\"ok@example.com\"}]")).json().get(0);
        awaitStatus(api, item.get("id").asString(), "DELIVERED");
        sleepPastReports();
        assertThat(flowMessages(api, item.get("flowId").asString())).hasSize(1);
    }

    @Test
    void aFailedLastChannelEndsTheFlowWithItsStatus() {
        ApiClient api = newAccount();
        JsonNode item = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"s\"},\"whatsapp\":{\"text\":\"w\"}}",
                "[{\"phone\":\"79001230009\"}]")).json().get(0);
        String flowId = item.get("flowId").asString();
        eventually().until(() -> jdbc.sql("SELECT status FROM flow WHERE id = ?::uuid").param(flowId)
                .query(String.class).single().equals("FAILED"));
        assertThat(flowMessages(api, flowId)).extracting(m -> m.get("channel").asString() + ":" + m.get("status").asString())
                .containsExactlyInAnyOrder("SMS:FAILED", "WHATSAPP:FAILED");
    }

    @Test
    void channelsWithoutAnAddressAreSkipped() {
        ApiClient api = newAccount();
        JsonNode item = api.post("/api/v1/messages", group("{\"email\":{\"text\":\"e\"},\"sms\":{\"text\":\"s\"}}",
                "[{\"phone\":\"79001230001\"}]")).json().get(0);
        assertThat(item.get("channel").asString()).isEqualTo("SMS");
        awaitStatus(api, item.get("id").asString(), "DELIVERED");
    }

    @Test
    void aRequiredChannelIsSentWhateverTheCascadeDoes() {
        ApiClient api = newAccount();
        JsonNode item = api.post("/api/v1/messages", group(
                "{\"sms\":{\"text\":\"s\"},\"email\":{\"text\":\"receipt\",\"required\":true}}",
                "[{\"phone\":\"79001230001\",\"email\":\"copy@example.com\"}]")).json().get(0);
        String flowId = item.get("flowId").asString();
        assertThat(item.get("channel").asString()).isEqualTo("SMS");

        eventually().until(() -> flowMessages(api, flowId).stream()
                .filter(m -> m.get("status").asString().equals("DELIVERED")).count() == 2);
        assertThat(flowMessages(api, flowId)).extracting(m -> m.get("channel").asString())
                .containsExactlyInAnyOrder("SMS", "EMAIL");
    }

    @Test
    void aFailingRequiredChannelDoesNotMoveTheCascade() {
        ApiClient api = newAccount();
        JsonNode item = api.post("/api/v1/messages", group(
                "{\"email\":{\"text\":\"copy\",\"required\":true},\"sms\":{\"text\":\"s\"},\"viber\":{\"text\":\"v\"}}",
                "[{\"phone\":\"79001230001\",\"email\":\"bad9@example.com\"}]")).json().get(0);
        String flowId = item.get("flowId").asString();
        eventually().until(() -> flowMessages(api, flowId).stream()
                .map(m -> m.get("channel").asString() + ":" + m.get("status").asString()).toList()
                .containsAll(List.of("EMAIL:FAILED", "SMS:DELIVERED")));
        sleepPastReports();
        assertThat(flowMessages(api, flowId)).hasSize(2);
        assertThat(jdbc.sql("SELECT status FROM flow WHERE id = ?::uuid").param(flowId).query(String.class).single())
                .isEqualTo("DELIVERED");
    }

    private static List<JsonNode> flowMessages(ApiClient api, String flowId) {
        JsonNode items = api.get("/api/v1/messages?flowId=" + flowId).json().get("items");
        return StreamSupport.stream(items.spliterator(), false).toList();
    }

    private static void sleepPastReports() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
