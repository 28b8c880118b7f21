package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.SecondNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The PostgreSQL work queue: leases survive dead nodes, and several nodes never send a message twice. */
class WorkQueueTest extends HeraldTest {

    private static final int MESSAGES = 10_000;

    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void aJobHeldByADeadNodeIsDeliveredOnceItsLeaseExpires() {
        ApiClient api = newAccount();
        String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10).toString();
        JsonNode item = api.post("/api/v1/messages", "{\"messages\":[{\"sendAt\":\"" + sendAt + "\","
                + "\"channels\":{\"sms\":{\"text\":\"lease\"}},\"destinations\":[{\"phone\":\"79001230001\"}]}]}").json().get(0);
        String id = item.get("id").asString();
        assertThat(item.get("status").asString()).isEqualTo("DELAYED");

        // What a node leaves behind when it dies right after claiming: the job is due, locked, and never finished.
        int claimed = jdbc.sql("""
                        UPDATE job SET due_at = now(), locked_by = 'dead-node', locked_until = now() + interval '2 seconds'
                        WHERE message_id = ?::uuid""").param(id).update();
        assertThat(claimed).isEqualTo(1);

        sleep(Duration.ofMillis(1200));
        assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString()).isEqualTo("DELAYED");

        JsonNode delivered = awaitStatus(api, id, "DELIVERED");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM job WHERE message_id = ?::uuid").param(id).query(Long.class).single())
                .isZero();
    }

    @Test
    void twoNodesSharingTheDatabaseSendTenThousandMessagesExactlyOnce() {
        ApiClient api = newAccount();
        try (SecondNode secondNode = SecondNode.start(postgres,
                "--herald.sandbox.report-delay=50ms",
                "--herald.queue.batch-size=10")) {
            List<Map<String, String>> destinations = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                destinations.add(Map.of("phone", "7901" + String.format("%07d", i * 10 + 1)));
            }
            String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).toString();
            JsonNode items = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of(
                    "sendAt", sendAt,
                    "channels", Map.of("sms", Map.of("text", "race")),
                    "destinations", destinations)))).json();
            String bulkId = items.get(0).get("bulkId").asString();

            eventually().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() ->
                    api.get("/api/v1/messages?status=DELIVERED&bulkId=" + bulkId).json().get("count").asLong() == MESSAGES);

            long handOvers = jdbc.sql("""
                            SELECT count(*) FROM delivery_attempt a JOIN message m ON m.id = a.message_id
                            WHERE m.bulk_id = ?::uuid""").param(bulkId).query(Long.class).single();
            long sandboxCopies = jdbc.sql("""
                            SELECT count(*) FROM sandbox_message s JOIN message m ON m.id = s.message_id
                            WHERE m.bulk_id = ?::uuid""").param(bulkId).query(Long.class).single();
            List<String> nodes = jdbc.sql("""
                            SELECT DISTINCT a.node FROM delivery_attempt a JOIN message m ON m.id = a.message_id
                            WHERE m.bulk_id = ?::uuid""").param(bulkId).query(String.class).list();
            assertThat(handOvers).isEqualTo(MESSAGES);
            assertThat(sandboxCopies).isEqualTo(MESSAGES);
            assertThat(nodes).as("both nodes took part").hasSize(2);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
