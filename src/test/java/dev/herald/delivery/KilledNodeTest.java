package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    @TempDir
    Path data;

    @Test
    void everyAcceptedMessageReachesAFinalStatusAfterAKillAndARestart() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data.resolve("pg"))
                .setCleanDataDirectory(true).start()) {
            Node first = Node.start(postgres);
            ApiClient api = first.api();
            List<Map<String, String>> destinations = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                destinations.add(Map.of("phone", "7904" + String.format("%07d", i * 10 + 1)));
            }
            ApiClient.Response accepted = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of(
                    "channels", Map.of("sms", Map.of("text", "survive")), "destinations", destinations))));
            assertThat(accepted.status()).isEqualTo(201);

            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> count(postgres, "SELECT count(*) FROM delivery_attempt") >= 200);
            first.kill();
            long finalBeforeRestart = count(postgres, "SELECT count(*) FROM message WHERE status IN ('DELIVERED','FAILED')");
            assertThat(finalBeforeRestart).as("killed mid-run").isLessThan(MESSAGES);

            Node second = Node.start(postgres);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                        count(postgres, "SELECT count(*) FROM message WHERE status = 'DELIVERED'") == MESSAGES);
                long handedTwice = count(postgres, """
                        SELECT count(*) FROM (SELECT message_id FROM sandbox_message
                                              GROUP BY message_id HAVING count(*) > 1) twice""");
                assertThat(handedTwice).as("duplicates only among what was in flight").isLessThanOrEqualTo(MAX_IN_FLIGHT);
                assertThat(count(postgres, "SELECT count(*) FROM job")).isZero();
            } finally {
                second.kill();
            }
        }
    }

    private static long count(EmbeddedPostgres postgres, String sql) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One Herald JVM on the test's classpath. */
    private record Node(Process process, int port) {

        static Node start(EmbeddedPostgres postgres) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    HeraldApplication.class.getName(),
                    "--server.port=0",
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres",
                    "--herald.bootstrap-token=" + TOKEN,
                    "--herald.queue.lease=3s",
                    "--herald.queue.max-in-flight=" + MAX_IN_FLIGHT,
                    "--herald.sandbox.report-delay=20ms",
                    "--logging.level.root=WARN",
                    "--logging.level.org.springframework.boot.tomcat=INFO")
                    .redirectErrorStream(true)
                    .start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        Matcher matcher = PORT.matcher(line);
                        if (matcher.find()) {
                            port.complete(Integer.parseInt(matcher.group(1)));
                        }
                    }
                } catch (IOException ignored) {
                    // the process was killed
                }
                port.completeExceptionally(new IllegalStateException("Herald exited before it started"));
            });
            try {
                return new Node(process, port.get(120, TimeUnit.SECONDS));
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException("Herald did not start", e);
            }
        }

        ApiClient api() {
            return new ApiClient("http://localhost:" + port, TOKEN);
        }

        /** SIGKILL: no shutdown hook, no graceful hand-back. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
