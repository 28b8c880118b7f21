package dev.herald.task;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** An account with a token, and the task calls the tests make. */
abstract class TaskTestSupport extends HeraldTest {

    protected String token;
    protected ApiClient api;

    protected void signUp() {
        AccountId account = accounts.create("tasks-" + UUID.randomUUID(), ZoneId.of("UTC"));
        token = tokens.issue(account, "test").token();
        api = new ApiClient(base(), token);
    }

    protected String base() {
        return "http://localhost:" + port;
    }

    protected String createTask(String json) {
        ApiClient.Response created = api.post("/api/v1/tasks", json);
        if (created.status() != 201) {
            throw new AssertionError("create answered " + created.status() + ": " + created.text());
        }
        return created.json().get("id").asString();
    }

    protected String smsTask(String extra) {
        return createTask("{\"name\":\"Акция\",\"channels\":{\"sms\":{\"text\":\"Скидка 10%\"}}" + extra + "}");
    }

    protected ApiClient.Response upload(String taskId, String fileName, byte[] content) {
        return Multipart.post(base(), token, "/api/v1/tasks/" + taskId + "/file", Multipart.Part.file(fileName, content));
    }

    protected ApiClient.Response uploadCsv(String taskId, String csv) {
        return upload(taskId, "recipients.csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    protected JsonNode task(String id) {
        return api.get("/api/v1/tasks/" + id).json();
    }

    protected JsonNode awaitTaskStatus(String id, String status) {
        eventually().atMost(Duration.ofSeconds(60)).until(() -> task(id).get("status").asString(), status::equals);
        return task(id);
    }
}
