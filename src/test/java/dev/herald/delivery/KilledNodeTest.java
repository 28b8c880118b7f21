package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ChildNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Herald as a separate JVM, killed with SIGKILL in the middle of a run and started again: every accepted
 * message still reaches a final status, and duplicates are limited to what was in flight at the kill.
 * The database is a PostgreSQL of the test's own, so it outlives the killed node as a real one would.
 */
class KilledNodeTest {

    private static final String TOKEN = "killed-node-test-token-0123456789";
    private static final int MESSAGES = 3000;
    private static final int MAX_IN_FLIGHT = 64;

    @TempDir
    Path data;

    @Test
    void everyAcceptedMessageReachesAFinalStatusAfterAKillAndARestart() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data.resolve("pg"))
                .setCleanDataDirectory(true).start()) {
            ChildNode first = start(postgres);
            ApiClient api = first.api();
            List<Map<String, String>> destinations = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                destinations.add(Map.of("phone", "7904" + String.format("%07d", i * 10 + 1)));
            }
            ApiClient.Response accepted = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of(
                    "channels", Map.of("sms", Map.of("text", "survive")), "destinations", destinations))));
            assertThat(accepted.status()).isEqualTo(201);

            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ChildNode.count(postgres, "SELECT count(*) FROM delivery_attempt") >= 200);
            first.kill();
            long finalBeforeRestart = ChildNode.count(postgres, "SELECT count(*) FROM message WHERE status IN ('DELIVERED','FAILED')");
            assertThat(finalBeforeRestart).as("killed mid-run").isLessThan(MESSAGES);

            ChildNode second = start(postgres);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                        ChildNode.count(postgres, "SELECT count(*) FROM message WHERE status = 'DELIVERED'") == MESSAGES);
                long handedTwice = ChildNode.count(postgres, """
                        SELECT count(*) FROM (SELECT message_id FROM sandbox_message
                                              GROUP BY message_id HAVING count(*) > 1) twice""");
                assertThat(handedTwice).as("duplicates only among what was in flight").isLessThanOrEqualTo(MAX_IN_FLIGHT);
                assertThat(ChildNode.count(postgres, "SELECT count(*) FROM job")).isZero();
            } finally {
                second.kill();
            }
        }
    }

    private static ChildNode start(EmbeddedPostgres postgres) throws IOException {
        return ChildNode.start(postgres, TOKEN, Duration.ofSeconds(120), "--herald.queue.lease=3s",
                "--herald.queue.max-in-flight=" + MAX_IN_FLIGHT, "--herald.sandbox.report-delay=20ms");
    }
}
