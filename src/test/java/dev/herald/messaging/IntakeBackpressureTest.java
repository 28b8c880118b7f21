package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.context.TestPropertySource;

/**
 * While delivery is too far behind, API sends are refused with 503 and Retry-After instead of piling up;
 * once delivery catches up they are accepted again, and every accepted message is delivered.
 */
@TestPropertySource(properties = {
        "herald.test.context=backpressure",
        "herald.intake.max-lag=1s",
        "herald.intake.lag-refresh=50ms",
        "herald.intake.retry-after=2s",
        // One request stores at a time, and one that finds the turn taken is refused at once.
        "herald.intake.max-concurrent=1",
        "herald.intake.admission-timeout=0s",
})
class IntakeBackpressureTest extends HeraldTest {

    private static final int PER_REQUEST = 300;
    private static final String ONE = group("{\"sms\":{\"text\":\"otp 1234\"}}", "[{\"phone\":\"79001230001\"}]");

    @Autowired
    ApplicationContext context;

    @Test
    void sendsAreRefusedWhileDeliveryIsBehindAndAcceptedOnceItCatchesUp() {
        ApiClient api = newAccount();
        SmartLifecycle dispatcher = context.getBean("dispatcher", SmartLifecycle.class);
        dispatcher.stop();
        List<String> accepted = new ArrayList<>();
        ApiClient.Response refused;
        try {
            ApiClient.Response first = api.post("/api/v1/messages", ONE);
            assertThat(first.status()).isEqualTo(201);
            accepted.add(first.json().get(0).get("id").asString());
            // Nothing claims it: once it has waited past max-lag, sends are refused.
            eventually().until(() -> {
                ApiClient.Response r = api.post("/api/v1/messages", ONE);
                if (r.status() == 201) {
                    accepted.add(r.json().get(0).get("id").asString());
                }
                return r.status() == 503;
            });
            refused = api.post("/api/v1/messages", ONE);
        } finally {
            dispatcher.start();
        }
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("2");
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("behind").contains("nothing was stored");

        // Delivery catches up: sends are accepted again, and nothing accepted was lost.
        eventually().until(() -> api.post("/api/v1/messages", ONE), r -> {
            if (r.status() == 201) {
                accepted.add(r.json().get(0).get("id").asString());
            }
            return r.status() == 201;
        });
        accepted.forEach(id -> awaitStatus(api, id, "DELIVERED"));
        assertThat(api.get("/api/v1/messages").json().get("count").asLong()).isEqualTo(accepted.size());
    }

    @Test
    void aRequestThatFindsNoFreeTurnIsRefusedAndStoresNothing() {
        ApiClient api = newAccount();
        StringBuilder destinations = new StringBuilder("[");
        // Numbers ending in 1 to 7, which the sandbox delivers.
        for (int i = 0; i < PER_REQUEST; i++) {
            destinations.append(i == 0 ? "" : ",").append("{\"phone\":\"7900").append(100_000 + i).append(i % 7 + 1)
                    .append("\"}");
        }
        String big = group("{\"sms\":{\"text\":\"campaign\"}}", destinations.append(']').toString());
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ApiClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return api.post("/api/v1/messages", big);
            }));
        }
        // Delivery paused, so that only the turns can refuse these (its lag is zero until jobs wait a second).
        SmartLifecycle dispatcher = context.getBean("dispatcher", SmartLifecycle.class);
        dispatcher.stop();
        List<ApiClient.Response> responses;
        try {
            start.countDown();
            responses = calls.stream().map(CompletableFuture::join).toList();
        } finally {
            dispatcher.start();
        }

        List<ApiClient.Response> refusals = responses.stream().filter(r -> r.status() == 503).toList();
        long stored = responses.stream().filter(r -> r.status() == 201).count();
        assertThat(refusals).isNotEmpty();
        assertThat(stored).isPositive();
        assertThat(stored + refusals.size()).isEqualTo(8);
        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.header("Retry-After")).isEqualTo("2");
            assertThat(r.json().get("detail").asString()).contains("Too many sends");
        });
        assertThat(api.get("/api/v1/messages").json().get("count").asLong()).isEqualTo(stored * PER_REQUEST);
        // Every stored message is delivered, and the queue is empty again for the next test.
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() ->
                api.get("/api/v1/messages?status=DELIVERED&limit=1").json().get("count").asLong() == stored * PER_REQUEST);
    }
}
