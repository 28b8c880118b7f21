package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ClockTest;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A sent message without a delivery report EXPIRES at the end of its validity and the cascade moves on. */
class ValidityExpiryTest extends ClockTest {

    @Autowired
    Clock engineClock;

    @Test
    void noReportWithinTheValidityPeriodExpiresTheMessageAndFallsOver() {
        assertThat(engineClock).isSameAs(clock);
        ApiClient api = newAccount();
        // The sandbox accepts addresses ending in 8 and never reports on them.
        JsonNode item = api.post("/api/v1/messages", group(
                "{\"sms\":{\"text\":\"s\",\"validityPeriod\":5},\"email\":{\"text\":\"e\"}}",
                "[{\"phone\":\"79000000008\",\"email\":\"fallback@example.com\"}]")).json().get(0);
        String smsId = item.get("id").asString();
        awaitStatus(api, smsId, "SENT");

        clock.advance(Duration.ofMinutes(4));
        sleep(Duration.ofMillis(2500));
        assertThat(api.get("/api/v1/messages/" + smsId).json().get("status").asString()).isEqualTo("SENT");

        clock.advance(Duration.ofMinutes(2));
        JsonNode expired = awaitStatus(api, smsId, "EXPIRED");
        assertThat(expired.get("error").get("code").asString()).isEqualTo("VALIDITY_EXPIRED");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=email&status=DELIVERED").json().get("count").asLong() == 1);
    }

    @Test
    void aMessagePausedPastTheEndOfItsValidityExpiresWhenResumed(@Autowired Pausing pausing) {
        ApiClient api = newAccount();
        java.util.UUID bulkId = java.util.UUID.randomUUID();
        String sendAt = clock.instant().plus(Duration.ofMinutes(1)).toString();
        JsonNode item = api.post("/api/v1/messages", "{\"bulkId\":\"" + bulkId + "\",\"messages\":[{\"sendAt\":\""
                + sendAt + "\",\"channels\":{\"sms\":{\"text\":\"s\",\"validityPeriod\":5},\"email\":{\"text\":\"e\"}},"
                + "\"destinations\":[{\"phone\":\"79000000011\",\"email\":\"paused@example.com\"}]}]}").json().get(0);
        java.util.UUID account = jdbc.sql("SELECT account_id FROM bulk WHERE id = ?").param(bulkId)
                .query(java.util.UUID.class).single();
        assertThat(pausing.pause(account, bulkId)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(10));
        assertThat(pausing.resume(account, bulkId)).as("nothing is let go past its validity").isZero();

        JsonNode expired = awaitStatus(api, item.get("id").asString(), "EXPIRED");
        assertThat(expired.get("error").get("code").asString()).isEqualTo("VALIDITY_EXPIRED");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=email&status=DELIVERED").json().get("count").asLong() == 1);
    }

    @Test
    void aReportBeforeTheEndOfValidityCancelsTheExpiry() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"s\",\"validityPeriod\":1}}",
                "[{\"phone\":\"79000000001\"}]")).json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        assertThat(jdbc.sql("SELECT count(*) FROM job WHERE message_id = ?::uuid").param(id).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM message WHERE id = ?::uuid AND status = 'SENT'").param(id)
                .query(Long.class).single()).as("nothing left for the expiry sweep").isZero();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
