package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Health, Prometheus metrics and the interactive API docs are reachable without a token. */
class OperationsTest extends HeraldTest {

    @Test
    void healthIsUp() {
        ApiClient.Response health = anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void deliveryMetricsArePublishedForPrometheus() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"m\"}}", "[{\"phone\":\"79000000001\"}]"))
                .json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");

        String metrics = anonymous().get("/actuator/prometheus").text();
        assertThat(metrics).contains(
                "herald_messages_accepted_total{channel=\"SMS\"",
                "herald_messages_status_total{channel=\"SMS\",status=\"SENT\"",
                "herald_messages_status_total{channel=\"SMS\",status=\"DELIVERED\"",
                "herald_provider_calls_seconds_count{channel=\"SMS\",outcome=\"Accepted\",provider=\"sandbox\"",
                "herald_queue_depth",
                "herald_queue_claim_seconds_count");
    }

    @Test
    void theApiIsDescribedForSwaggerUi() {
        ApiClient.Response docs = anonymous().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/messages")).isTrue();
        assertThat(docs.json().get("paths").has("/api/v1/statistics/messaging/messages")).isTrue();
        assertThat(docs.json().get("components").get("securitySchemes").has("bearer")).isTrue();
        assertThat(docs.text()).doesNotContain("AccountId");
        assertThat(anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
