package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cancelling stops everything not yet handed to a provider, and says why the rest could not be stopped. */
class CancelTest extends HeraldTest {

    @Test
    void aDelayedMessageIsCancelledAndNeverSent() {
        ApiClient api = newAccount();
        JsonNode item = sendLater(api, 60, "79000000001").get(0);
        String id = item.get("id").asString();

        ApiClient.Response cancelled = api.delete("/api/v1/messages/" + id);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("cancelled").get(0).asString()).isEqualTo(id);
        JsonNode message = api.get("/api/v1/messages/" + id).json();
        assertThat(message.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(message.get("statusCode").asInt()).isEqualTo(11);
        assertThat(jdbc.sql("SELECT count(*) FROM job WHERE message_id = ?::uuid").param(id).query(Long.class).single()).isZero();
        assertThat(api.delete("/api/v1/messages/" + id).status()).isEqualTo(409);
    }

    @Test
    void aDeliveredMessageCannotBeCancelledAndTheAnswerSaysWhy() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"now\"}}", "[{\"phone\":\"79000000001\"}]"))
                .json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");

        ApiClient.Response refused = api.delete("/api/v1/messages/" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("already has an outcome", "DELIVERED");

        ApiClient.Response report = api.postJson("/api/v1/messages/cancel", Map.of("ids", List.of(id)));
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get("cancelled").size()).isZero();
        assertThat(report.json().get("notCancelled").get(0).get("status").asString()).isEqualTo("DELIVERED");
    }

    @Test
    void cancelByBulkOrGroupTouchesOnlyThatBulkOrGroup() {
        ApiClient api = newAccount();
        JsonNode first = sendLater(api, 60, "79000000001", "79000000002");
        JsonNode second = sendLater(api, 60, "79000000003");

        JsonNode byGroup = api.postJson("/api/v1/messages/cancel",
                Map.of("groupId", first.get(0).get("groupId").asString())).json();
        assertThat(byGroup.get("cancelled").size()).isEqualTo(2);
        assertThat(status(api, second.get(0))).isEqualTo("DELAYED");

        JsonNode byBulk = api.postJson("/api/v1/messages/cancel",
                Map.of("bulkId", second.get(0).get("bulkId").asString())).json();
        assertThat(byBulk.get("cancelled").size()).isEqualTo(1);
        assertThat(status(api, second.get(0))).isEqualTo("CANCELLED");
    }

    @Test
    void anotherAccountCannotCancel() {
        ApiClient owner = newAccount();
        ApiClient other = newAccount();
        JsonNode item = sendLater(owner, 60, "79000000001").get(0);

        assertThat(other.delete("/api/v1/messages/" + item.get("id").asString()).status()).isEqualTo(404);
        JsonNode report = other.postJson("/api/v1/messages/cancel", Map.of("bulkId", item.get("bulkId").asString())).json();
        assertThat(report.get("cancelled").size()).isZero();
        assertThat(status(owner, item)).isEqualTo("DELAYED");
    }

    @Test
    void aSelectorIsRequired() {
        ApiClient api = newAccount();
        assertThat(api.post("/api/v1/messages/cancel", "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/messages/cancel", "{\"ids\":[],\"bulkId\":null}").status()).isEqualTo(400);
        assertThat(api.postJson("/api/v1/messages/cancel", Map.of("groupId", "1b5b7f79-de17-480b-a5c5-b3922b3dbe8f",
                "bulkId", "1b5b7f79-de17-480b-a5c5-b3922b3dbe8f")).status()).isEqualTo(400);
    }

    @Test
    void aCancelledFlowStartsNoFurtherChannel() {
        ApiClient api = newAccount();
        // Accepted but never reported (sandbox rule 8): the SMS stays SENT, then expires.
        JsonNode item = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"s\"},\"email\":{\"text\":\"e\"}}",
                "[{\"phone\":\"79000000008\",\"email\":\"a@example.com\"}]")).json().get(0);
        awaitStatus(api, item.get("id").asString(), "SENT");

        JsonNode report = api.postJson("/api/v1/messages/cancel", Map.of("groupId", item.get("groupId").asString())).json();
        assertThat(report.get("notCancelled").get(0).get("reason").asString()).contains("already handed");

        jdbc.sql("UPDATE message SET expires_at = now() - interval '1 second' WHERE id = ?::uuid AND expires_at IS NOT NULL")
                .param(item.get("id").asString()).update();
        // An expires_at moved into the past may be behind the sweep's cursor: move the cursor back before it.
        jdbc.sql("UPDATE expiry_sweep SET swept_at = least(swept_at, now() - interval '2 seconds')").update();
        awaitStatus(api, item.get("id").asString(), "EXPIRED");
        assertThat(api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()).json().get("count").asLong())
                .isEqualTo(1);
    }

    @Test
    void cancelRacingTheDispatcherNeverBothCancelsAndSends() throws Exception {
        ApiClient api = newAccount();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            phones.add("7902" + String.format("%07d", i * 10 + 1));
        }
        JsonNode items = sendLater(api, 1, phones.toArray(String[]::new));
        String bulkId = items.get(0).get("bulkId").asString();
        Thread.sleep(900);

        JsonNode report = api.postJson("/api/v1/messages/cancel", Map.of("bulkId", bulkId)).json();

        Set<String> cancelled = new HashSet<>(report.get("cancelled").findValuesAsString("cancelled"));
        report.get("cancelled").forEach(id -> cancelled.add(id.asString()));
        eventually().until(() -> api.get("/api/v1/messages?bulkId=" + bulkId + "&status=CANCELLED,DELIVERED").json()
                .get("count").asLong() == 200);
        List<String> sentAndCancelled = jdbc.sql("""
                        SELECT m.id::text FROM message m
                        WHERE m.bulk_id = ?::uuid AND m.status = 'CANCELLED'
                          AND (EXISTS (SELECT 1 FROM sandbox_message s WHERE s.message_id = m.id)
                               OR EXISTS (SELECT 1 FROM delivery_attempt a WHERE a.message_id = m.id))""")
                .param(bulkId).query(String.class).list();
        assertThat(sentAndCancelled).isEmpty();
        long cancelledNow = api.get("/api/v1/messages?bulkId=" + bulkId + "&status=CANCELLED").json().get("count").asLong();
        assertThat(cancelledNow).isEqualTo(cancelled.size());
        assertThat(report.get("cancelled").size() + report.get("notCancelled").size()).isEqualTo(200);
    }

    private static JsonNode sendLater(ApiClient api, int seconds, String... phones) {
        String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(seconds).toString();
        List<Map<String, String>> destinations = new ArrayList<>();
        for (String phone : phones) {
            destinations.add(Map.of("phone", phone));
        }
        return api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of("sendAt", sendAt,
                "channels", Map.of("sms", Map.of("text", "later")), "destinations", destinations)))).json();
    }

    private static String status(ApiClient api, JsonNode item) {
        return api.get("/api/v1/messages/" + item.get("id").asString()).json().get("status").asString();
    }
}
