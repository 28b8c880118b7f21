package dev.herald.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A file of 100 000 rows is read, checked and stored as a stream, and its task starts sending at once. */
class LargeTaskFileTest extends TaskTestSupport {

    private static final int ROWS = 100_000;

    @Test
    void aHundredThousandRowFileLoadsWithItsBadRowsNamedAndStartsSending() {
        signUp();
        String id = createTask("{\"name\":\"Большая рассылка\",\"channels\":{\"sms\":{\"text\":\"Привет\"}}}");
        StringBuilder csv = new StringBuilder(ROWS * 30).append("phone;externalCustomerId\r\n");
        for (int i = 0; i < ROWS; i++) {
            String phone = i == 49_999 ? "oops" : i == 99_998 ? "" : "7903" + String.format("%07d", i);
            csv.append(phone).append(";клиент-").append(i).append("\r\n");
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);

        ApiClient.Response uploaded = upload(id, "big.csv", file);

        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(200);
        JsonNode task = uploaded.json();
        assertThat(task.get("status").asString()).isEqualTo("READY");
        assertThat(task.at("/file/rows").asInt()).isEqualTo(ROWS);
        assertThat(task.at("/file/invalidRows").asInt()).isEqualTo(1);
        JsonNode errors = api.get("/api/v1/tasks/" + id + "/errors").json();
        assertThat(errors.at("/items/0/row").asInt()).isEqualTo(50_001);
        assertThat(errors.at("/items/0/errors/0/value").asString()).isEqualTo("oops");
        // A row with only an externalCustomerId is left to the contacts to resolve.
        JsonNode last = api.get("/api/v1/tasks/" + id + "/rows?page=99&limit=1000").json().at("/items/998");
        assertThat(last.get("row").asInt()).isEqualTo(ROWS);
        assertThat(last.at("/destination/externalCustomerId").asString()).isEqualTo("клиент-99998");

        api.post("/api/v1/tasks/" + id + "/start", "");
        eventually().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode progress = task(id).get("progress");
            return progress.get("sent").asInt() + progress.get("delivered").asInt() + progress.get("failed").asInt() >= 500;
        });
        JsonNode cancelled = api.post("/api/v1/tasks/" + id + "/cancel", "").json();
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.at("/progress/waiting").asInt()).isPositive();
        assertThat(cancelled.at("/progress/total").asInt()).isEqualTo(ROWS);
    }
}
