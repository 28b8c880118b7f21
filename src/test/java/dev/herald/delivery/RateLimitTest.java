package dev.herald.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldApplication;
import dev.herald.HeraldTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway {@code limited} allows 10 messages/s and one per recipient per second (HeraldTest's
 * configuration). The limits hold for two nodes together, and nothing over them is dropped.
 */
class RateLimitTest extends HeraldTest {

    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void twoNodesTogetherKeepToTheProvidersRate() {
        GATEWAY.stubFor(post(urlEqualTo("/limited/messages")).withRequestBody(matchingJsonPath("$.text", equalTo("rate")))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        ApiClient api = newAccount();
        try (ConfigurableApplicationContext secondNode = secondNode()) {
            List<Map<String, String>> destinations = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                destinations.add(Map.of("phone", "7903" + String.format("%07d", i * 10 + 1)));
            }
            String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).toString();
            String bulkId = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of("sendAt", sendAt,
                    "channels", Map.of("sms", Map.of("text", "rate", "provider", "limited")),
                    "destinations", destinations)))).json().get(0).get("bulkId").asString();

            eventually().atMost(Duration.ofSeconds(30)).until(() ->
                    api.get("/api/v1/messages?status=SENT&bulkId=" + bulkId).json().get("count").asLong() == 40);

            List<Instant> arrivals = arrivals("rate");
            assertThat(arrivals).hasSize(40);
            // A full bucket lets 10 go at once; the other 30 need 3 more seconds of refill at 10/s.
            assertThat(Duration.between(arrivals.getFirst(), arrivals.getLast())).isGreaterThan(Duration.ofMillis(2700));
            for (int i = 0; i + 20 < arrivals.size(); i++) {
                assertThat(Duration.between(arrivals.get(i), arrivals.get(i + 20)))
                        .as("no second carries more than the burst plus one second of refill")
                        .isGreaterThan(Duration.ofMillis(900));
            }
            List<String> nodes = jdbc.sql("""
                            SELECT DISTINCT a.node FROM delivery_attempt a JOIN message m ON m.id = a.message_id
                            WHERE m.bulk_id = ?::uuid""").param(bulkId).query(String.class).list();
            assertThat(nodes).hasSize(2);
        }
    }

    @Test
    void messagesToOneRecipientAreSpacedApart() {
        GATEWAY.stubFor(post(urlEqualTo("/limited/messages")).withRequestBody(matchingJsonPath("$.text", equalTo("spacing")))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        ApiClient api = newAccount();
        String bulkId = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"spacing\",\"provider\":\"limited\"}}",
                "[{\"phone\":\"79030000001\"},{\"phone\":\"79030000001\"},{\"phone\":\"79030000001\"}]"))
                .json().get(0).get("bulkId").asString();

        // When each hand-over started, shortly after its token was granted.
        eventually().until(() -> handOverStarts(bulkId).size() == 3);
        List<Instant> starts = handOverStarts(bulkId);
        // 1 s apart, less the noise between a grant and the recorded start of the call (tens of ms).
        assertThat(Duration.between(starts.get(0), starts.get(1))).isGreaterThan(Duration.ofMillis(850));
        assertThat(Duration.between(starts.get(1), starts.get(2))).isGreaterThan(Duration.ofMillis(850));
    }

    private List<Instant> handOverStarts(String bulkId) {
        return jdbc.sql("""
                        SELECT a.started_at FROM delivery_attempt a JOIN message m ON m.id = a.message_id
                        WHERE m.bulk_id = ?::uuid ORDER BY a.started_at""")
                .param(bulkId).query(java.sql.Timestamp.class).list().stream().map(java.sql.Timestamp::toInstant).toList();
    }

    private ConfigurableApplicationContext secondNode() {
        return new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--herald.demo.enabled=false",
                "--herald.queue.batch-size=10",
                "--herald.http-gateways.limited.base-url=" + GATEWAY.baseUrl() + "/limited",
                "--herald.http-gateways.limited.channels=sms",
                "--herald.rate-limits.limited.per-second=10",
                "--herald.rate-limits.limited.per-recipient-interval=1s");
    }

    private static List<Instant> arrivals(String text) {
        return GATEWAY.findAll(postRequestedFor(urlEqualTo("/limited/messages"))
                        .withRequestBody(matchingJsonPath("$.text", equalTo(text)))).stream()
                .map(LoggedRequest::getLoggedDate)
                .map(java.util.Date::toInstant)
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
