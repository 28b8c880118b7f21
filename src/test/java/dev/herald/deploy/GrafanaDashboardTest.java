package dev.herald.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every metric deploy/grafana/dashboards/herald.json queries is one a running Herald exports to Prometheus. */
class GrafanaDashboardTest extends HeraldTest {

    /** Registered on the first failed callback only (its outcome tag is known then), so absent from a fresh scrape. */
    private static final Set<String> REGISTERED_ON_FIRST_USE = Set.of("herald_callbacks_failed_total");
    private static final Pattern METRIC = Pattern.compile("\\b([a-z][a-z0-9_]*)\\{");

    @Test
    void everyQueriedMetricIsExported() throws IOException {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"m\"}}", "[{\"phone\":\"79000000001\"}]"))
                .json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        // A send through the rate-limited gateway registers the rate-limit hold timer.
        GATEWAY.stubFor(post(urlEqualTo("/limited/messages")).withRequestBody(matchingJsonPath("$.text", equalTo("dash")))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        String limited = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"dash\",\"provider\":\"limited\"}}",
                "[{\"phone\":\"79030000201\"}]")).json().get(0).get("id").asString();
        awaitStatus(api, limited, "SENT");
        String scrape = anonymous().get("/actuator/prometheus").text();

        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(Path.of("deploy/grafana/dashboards/herald.json")));
        assertThat(dashboard.get("uid").asString()).isEqualTo("herald");
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.get("expr").asString());
                while (metric.find()) {
                    queried.add(metric.group(1));
                }
            }
        }
        assertThat(queried).contains("herald_messages_accepted_total", "herald_messages_status_total",
                "herald_provider_calls_seconds_count", "herald_queue_depth", "herald_queue_claim_seconds_bucket",
                "herald_callbacks_outbox_depth", "herald_callbacks_delivered_total", "herald_queue_lane_depth",
                "herald_queue_oldest_due_seconds", "herald_rate_limit_hold_seconds_count", "herald_rate_limit_hold_seconds_sum");
        for (String name : queried) {
            if (!REGISTERED_ON_FIRST_USE.contains(name)) {
                assertThat(scrape).as("exported metric %s", name).containsPattern("(?m)^" + name + "[{ ]");
            }
        }
    }
}
