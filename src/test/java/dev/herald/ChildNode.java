package dev.herald;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Herald JVM on the test's classpath and a PostgreSQL of the test's own, for the tests that kill a node with
 * SIGKILL: the database outlives the killed node as a real one would.
 */
public record ChildNode(Process process, int port, String token) {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    /** Starts Herald with the bootstrap {@code token} and the extra {@code --property=value} arguments. */
    public static ChildNode start(EmbeddedPostgres postgres, String token, Duration startLimit, String... properties)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                HeraldApplication.class.getName(),
                "--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--herald.bootstrap-token=" + token,
                "--logging.level.root=WARN",
                "--logging.level.org.springframework.boot.tomcat=INFO"));
        command.addAll(List.of(properties));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
            return new ChildNode(process, port.get(startLimit.toMillis(), TimeUnit.MILLISECONDS), token);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Herald did not start", e);
        }
    }

    public ApiClient api() {
        return new ApiClient("http://localhost:" + port, token);
    }

    /** SIGKILL: no shutdown hook, no graceful hand-back. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The first column of the first row of a query on the test's database. */
    public static long count(EmbeddedPostgres postgres, String sql) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
