package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A retried POST with the same idempotency key returns the first response and sends nothing twice. */
class IdempotencyTest extends HeraldTest {

    private static final String BODY = group("{\"sms\":{\"text\":\"once\"}}",
            "[{\"phone\":\"79005550001\"},{\"phone\":\"79005550002\"}]");

    @Test
    void aRetryReturnsTheFirstResponse() {
        ApiClient api = newAccount();
        ApiClient.Response first = api.post("/api/v1/messages", BODY, "Idempotency-Key", "order-42");
        ApiClient.Response retry = api.post("/api/v1/messages", BODY, "Idempotency-Key", "order-42");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/api/v1/messages").json().get("count").asLong()).isEqualTo(2);
    }

    @Test
    void theSameKeyForADifferentRequestIsAConflict() {
        ApiClient api = newAccount();
        api.post("/api/v1/messages", BODY, "Idempotency-Key", "k1");
        ApiClient.Response other = api.post("/api/v1/messages",
                group("{\"sms\":{\"text\":\"different\"}}", "[{\"phone\":\"79005550001\"}]"), "Idempotency-Key", "k1");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/messages").json().get("count").asLong()).isEqualTo(2);
    }

    @Test
    void keysBelongToTheirAccount() {
        ApiClient a = newAccount();
        ApiClient b = newAccount();
        a.post("/api/v1/messages", BODY, "Idempotency-Key", "shared");
        ApiClient.Response mine = b.post("/api/v1/messages", BODY, "Idempotency-Key", "shared");
        assertThat(mine.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(b.get("/api/v1/messages").json().get("count").asLong()).isEqualTo(2);
    }

    @Test
    void concurrentRetriesSendOnce() throws Exception {
        ApiClient api = newAccount();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ApiClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return api.post("/api/v1/messages", BODY, "Idempotency-Key", "burst");
            }));
        }
        start.countDown();
        List<ApiClient.Response> responses = calls.stream().map(CompletableFuture::join).toList();

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(responses).allSatisfy(r -> assertThat(r.json()).isEqualTo(responses.getFirst().json()));
        assertThat(api.get("/api/v1/messages").json().get("count").asLong()).isEqualTo(2);
    }

    @Test
    void aGroupKeyMakesThatGroupIdempotent() {
        ApiClient api = newAccount();
        String body = "{\"messages\":[{\"idempotencyKey\":\"g-1\",\"channels\":{\"sms\":{\"text\":\"g\"}},"
                + "\"destinations\":[{\"phone\":\"79005550003\"}]}]}";
        String firstId = api.post("/api/v1/messages", body).json().get(0).get("id").asString();
        String secondId = api.post("/api/v1/messages", body).json().get(0).get("id").asString();
        assertThat(secondId).isEqualTo(firstId);
        assertThat(api.get("/api/v1/messages").json().get("count").asLong()).isEqualTo(1);
    }
}
