package dev.herald.workflow;

import static dev.herald.ChildNode.count;
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
import tools.jackson.databind.JsonNode;

/**
 * Workflow runs on a Herald JVM killed with SIGKILL while it advances them, then finished by a restarted node on the
 * same database: every run completes, every step entered once, every send's message made once.
 */
class WorkflowKilledNodeTest {

    private static final String TOKEN = "workflow-killed-node-token-0123456789";
    private static final int CONTACTS = 200;
    private static final int STEPS_PER_RUN = 4;

    @TempDir
    Path data;

    @Test
    void runsOfAKilledNodeAreFinishedWithNoStepSkippedOrRepeated() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data.resolve("pg"))
                .setCleanDataDirectory(true).start()) {
            ChildNode first = start(postgres);
            ApiClient api = first.api();
            List<Map<String, String>> contacts = new ArrayList<>();
            for (int i = 0; i < CONTACTS; i++) {
                contacts.add(Map.of("externalCustomerId", "wk-" + i, "phone", "7905" + String.format("%07d", i * 10 + 3)));
            }
            ApiClient.Response upserted = api.postJson("/api/v1/contacts/bulk", Map.of("contacts", contacts));
            assertThat(upserted.status()).isEqualTo(200);
            List<Long> ids = upserted.json().get("results").findValues("contactId").stream().map(JsonNode::asLong).toList();
            long group = api.post("/api/v1/groups", "{\"name\":\"Killed\"}").json().get("id").asLong();
            ApiClient.Response created = api.post("/api/v1/workflows", """
                    {"name":"Survive","trigger":{"type":"group","groupId":%d},"start":"m1",
                     "steps":{"m1":{"type":"send","channels":{"sms":{"text":"first"}},"next":"d1"},
                              "d1":{"type":"delay","duration":"PT2S","next":"m2"},
                              "m2":{"type":"send","channels":{"sms":{"text":"second"}},"next":"e"},
                              "e":{"type":"stop"}}}""".formatted(group));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(api.postJson("/api/v1/group/" + group + "/contacts/attach", Map.of("contactIds", ids))
                    .json().get("attached").asInt()).isEqualTo(CONTACTS);

            // Killed while it works: some runs moved, some parked at the delay, most not yet sent twice.
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
                    .until(() -> count(postgres, "SELECT count(*) FROM workflow_run_step") >= CONTACTS / 2);
            first.kill();
            assertThat(count(postgres, "SELECT count(*) FROM workflow_run WHERE status = 'COMPLETED'"))
                    .as("killed mid-run").isLessThan(CONTACTS);

            ChildNode second = start(postgres);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                        count(postgres, "SELECT count(*) FROM workflow_run WHERE status = 'COMPLETED'") == CONTACTS);
            } finally {
                second.kill();
            }
            assertThat(count(postgres, "SELECT count(*) FROM workflow_run")).isEqualTo(CONTACTS);
            assertThat(count(postgres, "SELECT count(*) FROM workflow_run_step")).isEqualTo(CONTACTS * STEPS_PER_RUN);
            // Every run walked exactly m1, d1, m2, e in that order.
            assertThat(count(postgres, """
                    SELECT count(*) FROM (SELECT run_id, string_agg(step, ',' ORDER BY seq) AS path
                                          FROM workflow_run_step GROUP BY run_id) r
                    WHERE path <> 'm1,d1,m2,e'""")).isZero();
            // One message per contact and send: the phone tells the contact, the text the step.
            assertThat(count(postgres, "SELECT count(*) FROM message")).isEqualTo(CONTACTS * 2L);
            assertThat(count(postgres, """
                    SELECT count(*) FROM (SELECT address, content->>'text' FROM message
                                          GROUP BY 1, 2 HAVING count(*) <> 1) twice""")).isZero();
            assertThat(count(postgres, "SELECT count(DISTINCT address) FROM message")).isEqualTo(CONTACTS);
            // Each send step's history row names its message.
            assertThat(count(postgres, """
                    SELECT count(*) FROM workflow_run_step s JOIN message m ON m.id = s.message_id
                    WHERE s.type = 'send'""")).isEqualTo(CONTACTS * 2L);
        }
    }

    /** Small batches and a short lease: the kill catches batches in flight, and the restart need not wait long. */
    private static ChildNode start(EmbeddedPostgres postgres) throws IOException {
        return ChildNode.start(postgres, TOKEN, Duration.ofSeconds(300), "--herald.workflows.batch-size=5",
                "--herald.workflows.lease=3s", "--herald.workflows.poll-interval=500ms",
                "--herald.sandbox.report-delay=20ms");
    }
}
