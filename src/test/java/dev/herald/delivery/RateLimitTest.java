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
import dev.herald.HeraldTest;
import dev.herald.SecondNode;
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
        try (SecondNode secondNode = secondNode()) {
            List<Map<String, String>> destinations = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                destinations.add(Map.of("phone", "7903" + String.format("%07d", i * 10 + 1)));
            }
            OffsetDateTime sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2);
            String bulkId = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of("sendAt", sendAt,
                    "channels", Map.of("sms", Map.of("text", "rate", "provider", "limited")),
                    "destinations", destinations)))).json().get(0).get("bulkId").asString();

            eventually().atMost(Duration.ofSeconds(30)).until(() ->
                    api.get("/api/v1/messages?status=SENT&bulkId=" + bulkId).json().get("count").asLong() == 40);

            List<Instant> arrivals = arrivals("rate");
            assertThat(arrivals).hasSize(40);
            // No token before sendAt; a full bucket lets 10 go at once and the other 30 need 3 s of refill at
            // 10/s. A message reaches the gateway after its token, so this bound holds however loaded the machine.
            assertThat(Duration.between(sendAt.toInstant(), arrivals.getLast())).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
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
        Instant before = Instant.now();
        api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"spacing\",\"provider\":\"limited\"}}",
                "[{\"phone\":\"79030000001\"},{\"phone\":\"79030000001\"},{\"phone\":\"79030000001\"}]"));

        eventually().until(() -> arrivals("spacing").size() == 3);
        // The third token comes 2 s after the first, which cannot come before the request: a lower bound that
        // holds however loaded the machine (arrivals only come later than their tokens, never earlier).
        assertThat(Duration.between(before, arrivals("spacing").get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
    }

    private SecondNode secondNode() {
        return SecondNode.start(postgres,
                "--herald.queue.batch-size=10",
                "--herald.http-gateways.limited.base-url=" + GATEWAY.baseUrl() + "/limited",
                "--herald.http-gateways.limited.channels=sms",
                "--herald.rate-limits.limited.per-second=10",
                "--herald.rate-limits.limited.per-recipient-interval=1s",
                "--herald.rate-limits.limited.max-hold=200ms");
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
