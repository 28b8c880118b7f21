package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Herald keeps accepted messages across a restart of the process and its embedded database, then delivers them. */
class RestartTest {

    private static final String TOKEN = "restart-test-token-0123456789";

    @TempDir
    Path data;

    @Test
    void acceptedMessagesSurviveARestartAndAreThenDelivered() {
        JsonNode items;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = client(first);
            String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).toString();
            items = api.post("/api/v1/messages", "{\"messages\":[{\"sendAt\":\"" + sendAt + "\","
                    + "\"channels\":{\"sms\":{\"text\":\"after the restart\"}},"
                    + "\"destinations\":[{\"phone\":\"79000000001\"},{\"phone\":\"79000000002\"}]}]}").json();
            assertThat(items.get(0).get("status").asString()).isEqualTo("DELAYED");
        }

        Instant restartedAt = Instant.now();
        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = client(second);
            for (JsonNode item : items) {
                String id = item.get("id").asString();
                assertThat(api.get("/api/v1/messages/" + id).status()).isEqualTo(200);
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                        () -> api.get("/api/v1/messages/" + id).json().get("status").asString().equals("DELIVERED"));
                Instant sentAt = Instant.parse(api.get("/api/v1/messages/" + id).json().get("sentAt").asString());
                assertThat(sentAt).as("sent by the restarted process").isAfter(restartedAt);
            }
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=0",
                "--herald.embedded-db.data-dir=" + data.resolve("postgres"),
                "--herald.bootstrap-token=" + TOKEN,
                "--herald.sandbox.report-delay=50ms");
    }

    private static ApiClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new ApiClient("http://localhost:" + port, TOKEN);
    }
}
