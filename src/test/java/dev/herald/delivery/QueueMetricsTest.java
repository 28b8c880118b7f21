package dev.herald.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldProperties;
import dev.herald.HeraldTest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The queue's per-lane gauges and the rate-limit hold timer, as Prometheus scrapes them. */
class QueueMetricsTest extends HeraldTest {

    @Autowired
    DeliveryMetrics metrics;

    @Autowired
    HeraldProperties properties;

    @Test
    void eachLaneReportsItsDepthAndOldestDueJob() {
        ApiClient api = newAccount();
        String later = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString();
        api.post("/api/v1/messages", "{\"messages\":[{\"sendAt\":\"" + later + "\",\"channels\":{\"sms\":{\"text\":\"q\"}},"
                + "\"destinations\":[{\"phone\":\"79000000011\"},{\"phone\":\"79000000012\"}]}]}").json();
        metrics.refreshQueueDepth();

        String scrape = anonymous().get("/actuator/prometheus").text();
        // Scheduled for later: counted in the lane's depth, but not due, so it is no one's wait.
        assertThat(gauge(scrape, "herald_queue_lane_depth{lane=\"transactional\"}")).isGreaterThanOrEqualTo(2);
        assertThat(scrape).containsPattern("(?m)^herald_queue_lane_depth\\{lane=\"bulk\"} ")
                .containsPattern("(?m)^herald_queue_oldest_due_seconds\\{lane=\"transactional\"} ")
                .containsPattern("(?m)^herald_queue_oldest_due_seconds\\{lane=\"bulk\"} ");
        double lanes = gauge(scrape, "herald_queue_lane_depth{lane=\"transactional\"}")
                + gauge(scrape, "herald_queue_lane_depth{lane=\"bulk\"}");
        assertThat(gauge(scrape, "herald_queue_depth")).isEqualTo(lanes);
    }

    @Test
    void theOldestDueJobsWaitIsMeasuredFromItsDueTime() {
        ApiClient api = newAccount();
        String later = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(30).toString();
        api.post("/api/v1/messages", "{\"messages\":[{\"sendAt\":\"" + later + "\",\"channels\":{\"sms\":{\"text\":\"q\"}},"
                + "\"destinations\":[{\"phone\":\"79000000021\"}]}]}").json();
        // Seen from an hour ahead, the job scheduled in 30 minutes has been due for about 30; no node claims it
        // meanwhile, since for them it is not due yet.
        JobQueue anHourAhead = new JobQueue(jdbc, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), properties, metrics);
        JobQueue.LaneDepth transactional = anHourAhead.depthByLane().stream()
                .filter(lane -> lane.lane() == Priority.TRANSACTIONAL).findFirst().orElseThrow();
        assertThat(transactional.jobs()).isGreaterThanOrEqualTo(1);
        // At least: other tests' jobs in the shared database may have fallen due earlier still.
        assertThat(transactional.oldestWait()).isGreaterThanOrEqualTo(Duration.ofMinutes(25));
    }

    @Test
    void waitsForARateLimitAreTimedByOutcome() {
        GATEWAY.stubFor(post(urlEqualTo("/limited/messages")).withRequestBody(matchingJsonPath("$.text", equalTo("held")))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        ApiClient api = newAccount();
        // One recipient per second and a 200 ms hold: the second message to the same phone is put back.
        String ids = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"held\",\"provider\":\"limited\"}}",
                "[{\"phone\":\"79030000101\"},{\"phone\":\"79030000101\"}]")).text();
        assertThat(ids).contains("\"id\"");
        eventually().until(() -> GATEWAY.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/limited/messages")).withRequestBody(matchingJsonPath("$.text", equalTo("held")))).size() == 2);

        String scrape = anonymous().get("/actuator/prometheus").text();
        assertThat(gauge(scrape, "herald_rate_limit_hold_seconds_count{outcome=\"went\",provider=\"limited\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(gauge(scrape, "herald_rate_limit_hold_seconds_count{outcome=\"put_back\",provider=\"limited\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(gauge(scrape, "herald_rate_limit_hold_seconds_sum{outcome=\"put_back\",provider=\"limited\"}"))
                .isGreaterThan(0);
    }

    private static double gauge(String scrape, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(line.find()).as("series %s in %s", series, scrape).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
