package dev.herald.workflow;

import static dev.herald.group.GroupFixtures.contact;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ClockTest;
import dev.herald.MutableClock;
import dev.herald.SecondNode;
import dev.herald.auth.AccountId;
import dev.herald.event.AcceptedEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A run survives its node: this node stops advancing and a node that "died" holds the run's lease; a second node
 * on the same database takes the run once the lease ran out and finishes it, every step once, every e-mail once.
 */
class WorkflowNodesTest extends ClockTest {

    private static SecondNode secondNode;

    @Autowired
    WorkflowEvents subscriber;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    RunAdvancer advancer;

    @BeforeAll
    static void startSecondNode(@Autowired EmbeddedPostgres postgres, @Autowired MutableClock clock) {
        secondNode = SecondNode.start(postgres, clock,
                "--herald.sandbox.report-delay=50ms",
                "--herald.workflows.poll-interval=500ms");
    }

    @AfterAll
    static void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    private void advanceBoth(Duration by) {
        secondNode.advance(by);
    }

    @Test
    void aRunWhoseNodeDiedIsFinishedByAnotherWithNoStepSkippedOrRepeated() {
        // Other tests of this context moved this node's clock: the second node's starts level with it.
        secondNode.level();
        AccountId account = accounts.create("test-" + UUID.randomUUID(), ZoneId.of("UTC"));
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token());
        long anna = contact(api, "{\"firstName\":\"Anna\",\"email\":\"anna-nodes@shop.example\"}");
        String mail = api.post("/api/v1/templates", "{\"name\":\"n1\",\"channels\":{\"email\":{\"subject\":\"1\","
                + "\"text\":\"first {{firstName}}\"}}}").json().get("id").asString();
        String mail2 = api.post("/api/v1/templates", "{\"name\":\"n2\",\"channels\":{\"email\":{\"subject\":\"2\","
                + "\"text\":\"second {{firstName}}\"}}}").json().get("id").asString();
        long workflow = api.post("/api/v1/workflows", """
                {"name":"Series","trigger":{"type":"event","eventTypeKey":"joined"},"start":"d1",
                 "steps":{"d1":{"type":"delay","duration":"PT1H","next":"m1"},
                          "m1":{"type":"send","templateId":"%s","next":"d2"},
                          "d2":{"type":"delay","duration":"PT1H","next":"m2"},
                          "m2":{"type":"send","templateId":"%s","next":"e"},
                          "e":{"type":"stop"}}}""".formatted(mail, mail2)).json().get("id").asLong();
        tx.executeWithoutResult(s -> subscriber.onEvents(List.of(new AcceptedEvent(1, account, "joined", anna, Map.of(),
                clock.instant(), false))));
        eventually().until(() -> api.get("/api/v1/workflows/" + workflow + "/runs").json().at("/0/step").asString()
                .equals("d1"));

        advancer.stop();
        try {
            // A node that claimed the run and died: its lease holds the run until it runs out.
            advanceBoth(Duration.ofMinutes(61));
            jdbc.sql("UPDATE workflow_run SET locked_by = 'dead-node', locked_until = ? WHERE account_id = ? AND workflow_id = ?")
                    .params(Timestamp.from(clock.instant().plusSeconds(2)), account.value(), workflow).update();
            eventually().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/workflows/" + workflow + "/runs")
                    .json().at("/0/step").asString().equals("d2"));
            advanceBoth(Duration.ofMinutes(61));
            eventually().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/workflows/" + workflow + "/runs")
                    .json().at("/0/status").asString().equals("COMPLETED"));
        } finally {
            advancer.start();
        }
        JsonNode run = api.get("/api/v1/workflows/" + workflow + "/runs").json().get(0);
        assertThat(run.get("steps").findValuesAsString("step")).containsExactly("d1", "m1", "d2", "m2", "e");
        eventually().until(() -> api.get("/api/v1/sandbox/messages?channel=email").json().get("items").size() >= 2);
        assertThat(api.get("/api/v1/sandbox/messages?channel=email").json().get("items").findValuesAsString("text"))
                .containsExactlyInAnyOrder("first Anna", "second Anna");
    }
}
