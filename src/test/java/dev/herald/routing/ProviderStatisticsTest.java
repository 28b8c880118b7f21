package dev.herald.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Per-provider statistics through the API: two connections with known outcomes, split by prefix, per account. */
class ProviderStatisticsTest extends HeraldTest {

    private static final AtomicInteger PHONES = new AtomicInteger();

    @Test
    void countsOutcomesRateMedianAndCostPerConnection() {
        ApiClient api = newAccount();
        String base = "/ps-" + UUID.randomUUID();
        String a = connection(api, "alpha", base + "/a", aResponse().withStatus(200).withBody("{\"id\":\"x\"}"));
        String b = connection(api, "beta", base + "/b", aResponse().withStatus(400).withBody("{\"error\":\"no\"}"));
        assertThat(api.post("/api/v1/providers/" + a + "/prices",
                "{\"unit\":\"MESSAGE\",\"price\":0.1,\"currency\":\"EUR\"}").status()).isEqualTo(201);

        String[] outcomes = {"DELIVERED", "DELIVERED", "UNDELIVERED"};
        for (int i = 0; i < outcomes.length; i++) {
            String id = send(api, "alpha", (i < 2 ? "+3712" : "+4915") + String.format("%07d", PHONES.incrementAndGet()));
            awaitStatus(api, id, "SENT");
            String providerId = "ps-" + UUID.randomUUID();
            jdbc.sql("UPDATE message SET provider_message_id = ? WHERE id = ?::uuid").params(providerId, id).update();
            assertThat(anonymous().post("/webhooks/http/" + a, "{\"id\":\"" + providerId + "\",\"status\":\""
                    + outcomes[i] + "\"}", "Authorization", "Bearer hook-secret").status()).isEqualTo(204);
            awaitStatus(api, id, outcomes[i]);
        }
        awaitStatus(api, send(api, "beta", "+3712" + String.format("%07d", PHONES.incrementAndGet())), "FAILED");

        JsonNode items = api.get("/api/v1/statistics/providers?channel=sms").json().get("items");
        assertThat(items).hasSize(2);
        JsonNode alpha = items.get(0);
        assertThat(alpha.get("name").asString()).isEqualTo("alpha");
        assertThat(alpha.get("connectionId").asString()).isEqualTo(a);
        assertThat(alpha.get("provider").asString()).isEqualTo("conn:" + a);
        assertThat(alpha.get("sent").asLong()).isEqualTo(3);
        assertThat(alpha.get("delivered").asLong()).isEqualTo(2);
        assertThat(alpha.get("undelivered").asLong()).isEqualTo(1);
        assertThat(alpha.get("failed").asLong()).isZero();
        assertThat(alpha.get("deliveryRate").asDouble()).isBetween(0.66, 0.67);
        assertThat(alpha.get("medianReportSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(alpha.get("cost").get("EUR").decimalValue()).isEqualByComparingTo("0.3");
        JsonNode beta = items.get(1);
        assertThat(beta.get("name").asString()).isEqualTo("beta");
        assertThat(beta.get("sent").asLong()).isZero();
        assertThat(beta.get("failed").asLong()).isEqualTo(1);
        assertThat(beta.get("deliveryRate").isNull()).isTrue();
        assertThat(beta.get("cost").isEmpty()).isTrue();

        JsonNode byPrefix = api.get("/api/v1/statistics/providers?prefixDigits=4").json().get("items");
        assertThat(byPrefix).hasSize(3);
        assertThat(byPrefix.get(0).get("prefix").asString()).isEqualTo("3712");
        assertThat(byPrefix.get(0).get("delivered").asLong()).isEqualTo(2);
        assertThat(byPrefix.get(1).get("prefix").asString()).isEqualTo("4915");
        assertThat(byPrefix.get(1).get("undelivered").asLong()).isEqualTo(1);

        assertThat(api.get("/api/v1/statistics/providers?channel=email").json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/statistics/providers?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z")
                .json().get("items")).isEmpty();
    }

    @Test
    void aMessageThatFailedOverCountsAtEveryConnectionItTried() {
        ApiClient api = newAccount();
        String base = "/ps-" + UUID.randomUUID();
        String down = connection(api, "down", base + "/down", aResponse().withStatus(503).withBody("down"));
        String up = connection(api, "up", base + "/up", aResponse().withStatus(200).withBody("{\"id\":\"x\"}"));
        ApiClient.Response route = api.post("/api/v1/routes",
                "{\"channel\":\"sms\",\"connections\":[{\"connection\":\"down\"},{\"connection\":\"up\"}]}");
        assertThat(route.status()).as(route.text()).isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            ApiClient.Response r = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"t\"}}",
                    "[{\"phone\":\"+3712" + String.format("%07d", PHONES.incrementAndGet()) + "\"}]"));
            awaitStatus(api, r.json().get(0).get("id").asString(), "SENT");
        }

        JsonNode items = api.get("/api/v1/statistics/providers?channel=sms").json().get("items");
        assertThat(items).hasSize(2);
        JsonNode first = items.get(0);
        assertThat(first.get("connectionId").asString()).isEqualTo(down);
        assertThat(first.get("messages").asLong()).isEqualTo(2);
        assertThat(first.get("attempts").asLong()).isEqualTo(2);
        assertThat(first.get("sent").asLong()).isZero();
        assertThat(first.get("failed").asLong()).isEqualTo(2);
        JsonNode second = items.get(1);
        assertThat(second.get("connectionId").asString()).isEqualTo(up);
        assertThat(second.get("messages").asLong()).isEqualTo(2);
        assertThat(second.get("attempts").asLong()).isEqualTo(2);
        assertThat(second.get("sent").asLong()).isEqualTo(2);
        assertThat(second.get("failed").asLong()).isZero();
    }

    @Test
    void badInputIsNamedAndOtherAccountsSeeNothing() {
        ApiClient api = newAccount();
        String a = connection(api, "alpha", "/ps-" + UUID.randomUUID() + "/a",
                aResponse().withStatus(200).withBody("{\"id\":\"x\"}"));
        awaitStatus(api, send(api, "alpha", "+3712" + String.format("%07d", PHONES.incrementAndGet())), "SENT");
        assertThat(api.get("/api/v1/statistics/providers").json().get("items")).hasSize(1);

        ApiClient other = newAccount();
        assertThat(other.get("/api/v1/statistics/providers").json().get("items")).isEmpty();

        assertThat(api.get("/api/v1/statistics/providers?channel=pigeon").text()).contains("\"channel\"");
        assertThat(api.get("/api/v1/statistics/providers?channel=pigeon").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/statistics/providers?prefixDigits=9").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/statistics/providers?prefixDigits=x").text()).contains("\"prefixDigits\"");
        assertThat(api.get("/api/v1/statistics/providers?from=yesterday").text()).contains("\"from\"");
        assertThat(api.get("/api/v1/statistics/providers?from=2020-01-01T00:00:00Z&to=2022-01-01T00:00:00Z").status())
                .isEqualTo(400);
        assertThat(a).isNotBlank();
    }

    private String connection(ApiClient api, String name, String path, ResponseDefinitionBuilder answer) {
        GATEWAY.stubFor(post(urlEqualTo(path + "/messages")).willReturn(answer));
        ApiClient.Response created = api.post("/api/v1/providers", "{\"name\":\"" + name + "\",\"type\":\"http\",\"channel\":"
                + "\"sms\",\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + path + "\",\"webhookSecret\":\"hook-secret\"}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String send(ApiClient api, String provider, String phone) {
        ApiClient.Response r = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"t\",\"provider\":\"" + provider
                + "\"}}", "[{\"phone\":\"" + phone + "\"}]"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get(0).get("id").asString();
    }
}
