package dev.herald.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away under a running Herald (a proxy between its pool and PostgreSQL is cut): API requests
 * are answered 503 problem+json with Retry-After within about two seconds, the health endpoint says the database
 * is down, and once it is back everything works again by itself, with no accepted message lost.
 */
class DatabaseOutageTest {

    private static final String TOKEN = "outage-test-token-0123456789";

    @TempDir
    Path data;

    @Test
    void whileTheDatabaseIsDownTheApiAnswers503AndAfterwardsItRecoversWithNothingLost() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data.resolve("pg"))
                .setCleanDataDirectory(true).start();
             CuttableProxy proxy = new CuttableProxy(postgres.getPort());
             ConfigurableApplicationContext herald = start(proxy.port())) {
            ApiClient api = client(herald);
            // Due while the database is down: it must still go once it is back.
            String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).toString();
            JsonNode accepted = api.post("/api/v1/messages", "{\"messages\":[{\"sendAt\":\"" + sendAt + "\","
                    + "\"channels\":{\"sms\":{\"text\":\"through the outage\"}},"
                    + "\"destinations\":[{\"phone\":\"79000000001\"},{\"phone\":\"79000000002\"}]}]}").json();
            assertThat(accepted).hasSize(2);

            proxy.cut();

            for (String path : List.of("/api/v1/messages/" + accepted.get(0).get("id").asString(), "/api/v1/templates")) {
                long started = System.nanoTime();
                ApiClient.Response response = api.get(path);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(response.status()).as(response.text()).isEqualTo(503);
                assertThat(took).as("answered quickly").isLessThan(Duration.ofSeconds(3));
                assertThat(response.header("Retry-After")).isNotBlank();
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
                assertThat(response.json().get("status").asInt()).isEqualTo(503);
            }
            ApiClient.Response send = api.post("/api/v1/messages",
                    "{\"messages\":[{\"channels\":{\"sms\":{\"text\":\"x\"}},\"destinations\":[{\"phone\":\"79000000003\"}]}]}");
            assertThat(send.status()).as(send.text()).isEqualTo(503);
            assertThat(send.header("Retry-After")).isNotBlank();

            // Without a token: a token would be looked up in the database first.
            ApiClient.Response health = api.as(null).get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
            assertThat(health.json().at("/components/db/status").asString()).isEqualTo("DOWN");

            Thread.sleep(3000);
            proxy.restore();

            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/api/v1/templates").status() == 200);
            assertThat(api.as(null).get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
            // Each accepted message leaves. One handed to the sandbox just before the cut may stay SENT: its
            // delivery report could not be stored while the database was away, as a provider's report can be lost.
            for (JsonNode item : accepted) {
                String id = item.get("id").asString();
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                        () -> api.get("/api/v1/messages/" + id).json().path("status").asString(),
                        status -> status.equals("DELIVERED") || status.equals("SENT"));
            }
            ApiClient.Response after = api.post("/api/v1/messages",
                    "{\"messages\":[{\"channels\":{\"sms\":{\"text\":\"after\"}},\"destinations\":[{\"phone\":\"79000000004\"}]}]}");
            assertThat(after.status()).as(after.text()).isEqualTo(201);
            String id = after.json().get(0).get("id").asString();
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                    () -> api.get("/api/v1/messages/" + id).json().path("status").asString().equals("DELIVERED"));
        }
    }

    private ConfigurableApplicationContext start(int databasePort) {
        return new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres",
                "--spring.datasource.username=postgres",
                "--herald.bootstrap-token=" + TOKEN,
                "--herald.sandbox.report-delay=50ms",
                "--herald.queue.poll-interval=500ms",
                // A job whose send failed with the database gone is handed out again after its lease.
                "--herald.queue.lease=5s");
    }

    private static ApiClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new ApiClient("http://localhost:" + port, TOKEN);
    }

    /**
     * A TCP proxy on loopback in front of PostgreSQL. {@link #cut()} stops listening and drops every connection,
     * as a database host going away does; {@link #restore()} listens on the same port again.
     */
    private static final class CuttableProxy implements AutoCloseable {

        private final int target;
        private final int port;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile ServerSocket listener;

        CuttableProxy(int target) throws IOException {
            this.target = target;
            this.listener = listen(0);
            this.port = listener.getLocalPort();
        }

        int port() {
            return port;
        }

        void cut() throws IOException {
            listener.close();
            for (Socket socket : open) {
                socket.close();
            }
            open.clear();
        }

        void restore() throws IOException {
            listener = listen(port);
        }

        private ServerSocket listen(int onPort) throws IOException {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            Thread.ofVirtual().start(() -> accept(server));
            return server;
        }

        private void accept(ServerSocket server) {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(upstream);
                    Thread.ofVirtual().start(() -> pipe(client, upstream));
                    Thread.ofVirtual().start(() -> pipe(upstream, client));
                } catch (IOException e) {
                    // The listener was closed by cut(), or one connection failed; either way, go on or stop.
                }
            }
        }

        private void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // Cut or closed by the other side.
            } finally {
                close(from);
                close(to);
            }
        }

        private void close(Socket socket) {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }

        @Override
        public void close() throws IOException {
            cut();
        }
    }
}
