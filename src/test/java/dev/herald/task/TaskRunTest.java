package dev.herald.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Running tasks: start to done, pause and resume, cancel, sending hours, and a node lost mid-task. */
class TaskRunTest extends TaskTestSupport {

    @Autowired
    TaskFeeder feeder;

    @BeforeEach
    void account() {
        signUp();
    }

    private static String phones(int from, int count) {
        StringBuilder csv = new StringBuilder("phone\n");
        for (int i = 0; i < count; i++) {
            csv.append("7902").append(String.format("%06d", from + i)).append("1\n");
        }
        return csv.toString();
    }

    @Test
    void aStartedTaskSendsEveryValidRowOnceAndShowsItsProgress() {
        String id = smsTask("");
        uploadCsv(id, "phone\n79021000001\nbad\n79021000011\n79021000029\n");
        JsonNode started = api.post("/api/v1/tasks/" + id + "/start", "").json();
        assertThat(started.get("status").asString()).isEqualTo("RUNNING");
        assertThat(started.get("startedAt").isNull()).isFalse();

        awaitTaskStatus(id, "DONE");
        eventually().until(() -> task(id).at("/progress/delivered").asInt() == 2 && task(id).at("/progress/failed").asInt() == 1);
        JsonNode done = task(id);
        assertThat(done.at("/progress/total").asInt()).isEqualTo(4);
        assertThat(done.at("/progress/invalid").asInt()).isEqualTo(1);
        assertThat(done.at("/progress/waiting").asInt()).isZero();
        assertThat(done.at("/progress/queued").asInt()).isZero();
        assertThat(done.at("/progress/percentDone").asInt()).isEqualTo(100);
        assertThat(done.get("finishedAt").isNull()).isFalse();

        String bulkId = done.get("bulkId").asString();
        JsonNode messages = api.get("/api/v1/messages?bulkId=" + bulkId).json();
        assertThat(messages.get("count").asInt()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT task_id FROM bulk WHERE id = ?::uuid").param(bulkId).query(String.class).single())
                .isEqualTo(id);
        JsonNode rows = api.get("/api/v1/tasks/" + id + "/rows").json();
        assertThat(rows.at("/items/0/status").asString()).isEqualTo("DELIVERED");
        assertThat(rows.at("/items/0/messageId").isNull()).isFalse();
        assertThat(rows.at("/items/1/state").asString()).isEqualTo("INVALID");
        assertThat(api.post("/api/v1/tasks/" + id + "/start", "").status()).isEqualTo(409);
    }

    @Test
    void aTemplateTaskHasAColumnPerVariableAndEachRowIsFilledInWithItsOwn() {
        String template = api.post("/api/v1/templates", "{\"name\":\"Скидка\",\"channels\":{\"sms\":"
                + "{\"text\":\"{{name}}, ваша скидка {{discount}}%\"}}}").json().get("id").asString();
        assertThat(api.get("/api/v1/tasks/template.csv?templateId=" + template).text())
                .isEqualTo("\uFEFFphone,contactId,externalCustomerId,discount,name\r\n");
        String id = createTask("{\"name\":\"by template\",\"templateId\":\"" + template + "\"}");
        JsonNode loaded = uploadCsv(id, "phone;name;discount\n79021000101;Анна;10\n79021000111;;5\n").json();
        assertThat(loaded.at("/file/invalidRows").asInt()).isEqualTo(1);
        JsonNode error = api.get("/api/v1/tasks/" + id + "/errors").json().at("/items/0");
        assertThat(error.get("row").asInt()).isEqualTo(3);
        assertThat(error.at("/errors/0/column").asString()).isEqualTo("name");

        api.post("/api/v1/tasks/" + id + "/start", "");
        awaitTaskStatus(id, "DONE");
        eventually().until(() -> task(id).at("/progress/delivered").asInt() == 1);
        JsonNode sandbox = api.get("/api/v1/sandbox/messages?address=79021000101").json();
        assertThat(sandbox.at("/items/0/content/text").asString()).isEqualTo("Анна, ваша скидка 10%");
    }

    @Test
    void aPausedTaskHandsNothingMoreOverUntilItResumes() {
        // 600 a minute: chunks of 50 rows every 5 seconds.
        String id = smsTask(",\"ratePerMinute\":600");
        uploadCsv(id, phones(0, 150));
        api.post("/api/v1/tasks/" + id + "/start", "");
        eventually().until(() -> task(id).at("/progress/waiting").asInt() < 150);
        JsonNode paused = api.post("/api/v1/tasks/" + id + "/pause", "").json();
        assertThat(paused.get("status").asString()).isEqualTo("PAUSED");
        int waiting = paused.at("/progress/waiting").asInt();
        assertThat(waiting).isPositive();

        eventually().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                .until(() -> task(id).at("/progress/waiting").asInt() == waiting);
        assertThat(api.post("/api/v1/tasks/" + id + "/pause", "").status()).isEqualTo(409);

        assertThat(api.post("/api/v1/tasks/" + id + "/resume", "").json().get("status").asString()).isEqualTo("RUNNING");
        awaitTaskStatus(id, "DONE");
        eventually().atMost(Duration.ofSeconds(30)).until(() -> task(id).at("/progress/delivered").asInt() == 150);
    }

    @Test
    void cancelStopsATaskForGood() {
        String id = smsTask(",\"ratePerMinute\":120");
        uploadCsv(id, phones(200, 40));
        api.post("/api/v1/tasks/" + id + "/start", "");
        eventually().until(() -> task(id).at("/progress/waiting").asInt() < 40);
        JsonNode cancelled = api.post("/api/v1/tasks/" + id + "/cancel", "").json();
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        int waiting = cancelled.at("/progress/waiting").asInt();
        assertThat(waiting).isPositive();
        eventually().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                .until(() -> task(id).at("/progress/waiting").asInt() == waiting);
        assertThat(api.post("/api/v1/tasks/" + id + "/resume", "").status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/tasks/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/tasks/" + id).status()).isEqualTo(404);
    }

    @Test
    void aTaskWhoseProviderWasDeletedFailsWithTheReason() {
        String connection = api.post("/api/v1/providers", "{\"name\":\"gateway\",\"type\":\"http\",\"channel\":\"sms\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/task-gw\"}}").json().get("id").asString();
        String withProvider = createTask("{\"name\":\"via gateway\",\"channels\":{\"sms\":{\"text\":\"hi\",\"provider\":\"gateway\"}}}");
        uploadCsv(withProvider, phones(500, 2));
        assertThat(api.delete("/api/v1/providers/" + connection).status()).isEqualTo(204);
        api.post("/api/v1/tasks/" + withProvider + "/start", "");

        JsonNode failed = awaitTaskStatus(withProvider, "FAILED");
        assertThat(failed.get("problem").asString()).contains("provider").contains("gateway");
        assertThat(failed.at("/progress/waiting").asInt()).isEqualTo(2);
        assertThat(failed.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void outsideItsSendingHoursARunningTaskWaits() {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        String ranges = "[[\"" + now.plusHours(2).format(hhmm) + "\",\"" + now.plusHours(3).format(hhmm) + "\"]]";
        String id = smsTask(",\"allowedTimeRanges\":" + ranges + ",\"timeZone\":\"UTC\"");
        uploadCsv(id, phones(300, 3));
        api.post("/api/v1/tasks/" + id + "/start", "");
        eventually().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> task(id).at("/progress/waiting").asInt() == 3);
        assertThat(task(id).get("status").asString()).isEqualTo("RUNNING");
        assertThat(jdbc.sql("SELECT due_at > now() + interval '1 hour' FROM send_task WHERE id = ?::uuid").param(id)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aTaskHeldByANodeThatDiedGoesOnAfterItsLeaseWithoutSendingARowTwice() {
        String id = smsTask(",\"ratePerMinute\":1200");
        uploadCsv(id, phones(400, 300));
        api.post("/api/v1/tasks/" + id + "/start", "");
        eventually().until(() -> task(id).at("/progress/waiting").asInt() < 300);

        // This node stops (handing its tasks back) and another node "dies" holding the task.
        feeder.stop();
        try {
            int waiting = task(id).at("/progress/waiting").asInt();
            assertThat(waiting).isPositive();
            assertThat(jdbc.sql("""
                            UPDATE send_task SET locked_by = 'dead-node', locked_until = now() + interval '2 seconds',
                                                 due_at = now()
                            WHERE id = ?::uuid""").param(id).update()).isEqualTo(1);
        } finally {
            feeder.start();
        }
        eventually().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3))
                .until(() -> "dead-node".equals(jdbc.sql("SELECT locked_by FROM send_task WHERE id = ?::uuid")
                        .param(id).query(String.class).single()));

        awaitTaskStatus(id, "DONE");
        String bulkId = task(id).get("bulkId").asString();
        assertThat(jdbc.sql("SELECT count(*) FROM flow WHERE bulk_id = ?::uuid").param(bulkId).query(Long.class).single())
                .isEqualTo(300);
        assertThat(jdbc.sql("SELECT count(DISTINCT destination->>'phone') FROM flow WHERE bulk_id = ?::uuid")
                .param(bulkId).query(Long.class).single()).isEqualTo(300);
        assertThat(jdbc.sql("SELECT count(*) FROM send_task_row WHERE task_id = ?::uuid AND flow_id IS NULL")
                .param(id).query(Long.class).single()).isZero();
        eventually().atMost(Duration.ofSeconds(30)).until(() -> task(id).at("/progress/delivered").asInt() == 300);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM sandbox_message s JOIN message m ON m.id = s.message_id
                        WHERE m.bulk_id = ?::uuid""").param(bulkId).query(Long.class).single()).isEqualTo(300);
    }
}
