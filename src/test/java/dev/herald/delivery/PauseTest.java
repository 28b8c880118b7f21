package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A paused bulk hands nothing over until it is resumed; what was already sent is not touched. */
class PauseTest extends HeraldTest {

    @Autowired
    Pausing pausing;

    @Test
    void pausedMessagesStayUnsentPastTheirTimeAndGoWhenResumed() {
        ApiClient api = newAccount();
        UUID bulkId = UUID.randomUUID();
        String sendAt = OffsetDateTime.now().plusSeconds(2).toString();
        JsonNode items = api.post("/api/v1/messages", "{\"bulkId\":\"" + bulkId + "\",\"messages\":[{\"sendAt\":\""
                + sendAt + "\",\"channels\":{\"sms\":{\"text\":\"Hi\"}},\"destinations\":["
                + "{\"phone\":\"79031000001\"},{\"phone\":\"79031000002\"}]}]}").json();
        UUID account = jdbc.sql("SELECT account_id FROM bulk WHERE id = ?").param(bulkId).query(UUID.class).single();

        assertThat(pausing.pause(account, bulkId)).isEqualTo(2);

        String first = items.get(0).get("id").asString();
        eventually().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                .until(() -> api.get("/api/v1/messages/" + first).json().get("status").asString().equals("PAUSED"));
        assertThat(api.get("/api/v1/sandbox/messages?address=79031000001").json().get("count").asInt()).isZero();
        assertThat(pausing.pause(account, bulkId)).as("nothing left to pause").isZero();

        assertThat(pausing.resume(account, bulkId)).isEqualTo(2);

        awaitStatus(api, first, "DELIVERED");
        awaitStatus(api, items.get(1).get("id").asString(), "DELIVERED");
        assertThat(api.get("/api/v1/messages/" + first).json().get("history").toString())
                .contains("PAUSED", "DELAYED", "DELIVERED");
    }

    @Test
    void anotherAccountCannotPauseABulk() {
        ApiClient api = newAccount();
        UUID bulkId = UUID.randomUUID();
        String sendAt = OffsetDateTime.now().plusSeconds(1).toString();
        JsonNode item = api.post("/api/v1/messages", "{\"bulkId\":\"" + bulkId + "\",\"messages\":[{\"sendAt\":\""
                + sendAt + "\",\"channels\":{\"sms\":{\"text\":\"Hi\"}},\"destinations\":[{\"phone\":\"79031000003\"}]}]}")
                .json().get(0);

        assertThat(pausing.pause(UUID.randomUUID(), bulkId)).isZero();
        awaitStatus(api, item.get("id").asString(), "DELIVERED");
    }

    @Test
    void aPausedMessageCannotBeHandedOver() {
        assertThat(MessageStatus.PAUSED.canMoveTo(MessageStatus.PENDING)).isFalse();
        assertThat(MessageStatus.PAUSED.canMoveTo(MessageStatus.DELAYED)).isTrue();
        assertThat(MessageStatus.PAUSED.canMoveTo(MessageStatus.CANCELLED)).isTrue();
    }
}
