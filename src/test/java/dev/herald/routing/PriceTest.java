package dev.herald.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.math.BigDecimal;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Price lists per connection through the API, each message's cost at hand-over, and the sums. */
class PriceTest extends HeraldTest {

    private static final AtomicInteger NUMBERS = new AtomicInteger();

    @Test
    void eachMessageCostsItsPartsTimesTheLongestValidPrefixsPrice() {
        ApiClient api = newAccount();
        String path = "/price-" + UUID.randomUUID();
        GATEWAY.stubFor(post(urlEqualTo(path + "/messages")).willReturn(aResponse().withStatus(200).withBody("{}")));
        String id = api.post("/api/v1/providers", "{\"name\":\"agg\",\"type\":\"http\",\"channel\":\"sms\",\"settings\":{"
                + "\"baseUrl\":\"" + GATEWAY.baseUrl() + path + "\"}}").json().get("id").asString();
        price(api, id, "{\"prefix\":\"+371\",\"unit\":\"PART\",\"price\":0.05,\"currency\":\"eur\"}");
        price(api, id, "{\"unit\":\"MESSAGE\",\"price\":0.3,\"currency\":\"EUR\"}");
        // No longer valid: not used, though its prefix is longer.
        price(api, id, "{\"prefix\":\"3712\",\"unit\":\"PART\",\"price\":9.99,\"currency\":\"EUR\","
                + "\"validFrom\":\"2020-01-01T00:00:00Z\",\"validUntil\":\"2021-01-01T00:00:00Z\"}");

        String gsmOnePart = send(api, "+3712" + digits(), "a".repeat(160));
        String gsmTwoParts = send(api, "+3712" + digits(), "a".repeat(161));
        String ucs2TwoParts = send(api, "+3712" + digits(), "д".repeat(71));
        String ucs2OnePart = send(api, "+3712" + digits(), "д".repeat(70));
        String german = send(api, "+4915" + digits(), "a".repeat(400));

        assertThat(cost(api, gsmOnePart)).isEqualByComparingTo("0.05");
        assertThat(cost(api, gsmTwoParts)).isEqualByComparingTo("0.10");
        assertThat(cost(api, ucs2TwoParts)).isEqualByComparingTo("0.10");
        assertThat(cost(api, ucs2OnePart)).isEqualByComparingTo("0.05");
        assertThat(cost(api, german)).as("per message, whatever its parts").isEqualByComparingTo("0.30");

        JsonNode byChannel = api.get("/api/v1/statistics/costs?groupBy=channel").json().get("items");
        assertThat(byChannel).hasSize(1);
        assertThat(byChannel.get(0).get("key").asString()).isEqualTo("sms");
        assertThat(byChannel.get(0).get("currency").asString()).isEqualTo("EUR");
        assertThat(byChannel.get(0).get("messages").asLong()).isEqualTo(5);
        assertThat(byChannel.get(0).get("cost").decimalValue()).isEqualByComparingTo("0.60");
        JsonNode byProvider = api.get("/api/v1/statistics/costs?groupBy=provider").json().get("items");
        assertThat(byProvider.get(0).get("key").asString()).isEqualTo("conn:" + id);
        assertThat(api.get("/api/v1/statistics/costs?groupBy=colour").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/providers/" + id + "/prices").json().get("count").asInt()).isEqualTo(3);
    }

    @Test
    void pricesAreValidatedAndOnlyTheAccountsOwn() {
        ApiClient api = newAccount();
        ApiClient other = newAccount();
        String id = api.post("/api/v1/providers", "{\"name\":\"agg\",\"type\":\"http\",\"channel\":\"sms\",\"settings\":{"
                + "\"baseUrl\":\"" + GATEWAY.baseUrl() + "/price-x\"}}").json().get("id").asString();

        ApiClient.Response bad = api.post("/api/v1/providers/" + id + "/prices", "{\"prefix\":\"x1\",\"unit\":\"SMS\","
                + "\"price\":-1,\"currency\":\"EURO\",\"validFrom\":\"2026-02-01T00:00:00Z\",\"validUntil\":\"soon\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("\"prefix\"", "\"unit\"", "\"price\"", "\"currency\"", "\"validUntil\"");

        String priceId = price(api, id, "{\"unit\":\"PART\",\"price\":0.01,\"currency\":\"USD\"}");
        assertThat(other.get("/api/v1/providers/" + id + "/prices").status()).isEqualTo(404);
        assertThat(other.post("/api/v1/providers/" + id + "/prices", "{\"price\":0,\"currency\":\"USD\"}").status())
                .isEqualTo(404);
        assertThat(other.delete("/api/v1/providers/" + id + "/prices/" + priceId).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/statistics/costs").json().get("items")).isEmpty();
        assertThat(api.delete("/api/v1/providers/" + id + "/prices/" + priceId).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/providers/" + id + "/prices").json().get("count").asInt()).isZero();
    }

    private static String price(ApiClient api, String connection, String body) {
        ApiClient.Response r = api.post("/api/v1/providers/" + connection + "/prices", body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static String send(ApiClient api, String phone, String text) {
        ApiClient.Response r = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"" + text + "\"}}",
                "[{\"phone\":\"" + phone + "\"}]"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        String id = r.json().get(0).get("id").asString();
        awaitStatus(api, id, "SENT");
        return id;
    }

    private BigDecimal cost(ApiClient api, String messageId) {
        return jdbc.sql("SELECT cost FROM message WHERE id = ?::uuid").param(messageId).query(BigDecimal.class).single();
    }

    private static String digits() {
        return String.format("%07d", NUMBERS.incrementAndGet());
    }
}
