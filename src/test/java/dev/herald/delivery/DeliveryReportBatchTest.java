package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Delivery reports are applied in batches by one writer per node, yet a caller of {@code report} (a webhook about
 * to answer 2xx) returns only once its own report is committed, and a report that overtook its send is parked
 * before the call returns.
 */
class DeliveryReportBatchTest extends HeraldTest {

    private static final int MESSAGES = 150;

    @Autowired
    DeliveryReports reports;

    @Test
    void eachReportIsStoredWhenItsCallReturnsThoughManyAreAppliedTogether() throws Exception {
        ApiClient api = newAccount();
        // The sandbox accepts addresses ending in 8 and never reports on them: the reports come from here.
        List<Map<String, String>> destinations = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            destinations.add(Map.of("phone", "7908" + String.format("%06d", i) + "8"));
        }
        JsonNode items = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of(
                "channels", Map.of("sms", Map.of("text", "reported")), "destinations", destinations)))).json();
        String bulkId = items.get(0).get("bulkId").asString();
        eventually().until(() -> api.get("/api/v1/messages?status=SENT&bulkId=" + bulkId).json().get("count").asLong()
                == MESSAGES);
        List<String> providerIds = jdbc.sql("SELECT provider_message_id FROM message WHERE bulk_id = ?::uuid")
                .param(bulkId).query(String.class).list();

        List<Future<Boolean>> applied = new ArrayList<>();
        try (ExecutorService webhooks = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String providerId : providerIds) {
                applied.add(webhooks.submit(() -> {
                    reports.report(new DeliveryReport("sandbox", providerId, DeliveryReport.Outcome.DELIVERED, null, null));
                    // Read at once, on another connection: the report is committed when report() returns.
                    return jdbc.sql("SELECT status FROM message WHERE provider = 'sandbox' AND provider_message_id = ?")
                            .param(providerId).query(String.class).single().equals("DELIVERED");
                }));
            }
        }
        assertThat(applied).allSatisfy(f -> assertThat(f.get()).isTrue());
    }

    @Test
    void aReportThatOvertookItsSendIsAppliedWhenTheSendIsRecorded() {
        String providerId = UUID.randomUUID().toString();
        reports.report(new DeliveryReport("sandbox", providerId, DeliveryReport.Outcome.DELIVERED, null, null));
        assertThat(jdbc.sql("SELECT count(*) FROM early_report WHERE provider = 'sandbox' AND provider_message_id = ?")
                .param(providerId).query(Long.class).single()).as("parked, durably, before report() returned").isEqualTo(1);
    }
}
