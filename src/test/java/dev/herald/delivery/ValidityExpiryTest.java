package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ClockTest;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** A sent message without a delivery report EXPIRES at the end of its validity and the cascade moves on. */
class ValidityExpiryTest extends ClockTest {

    @Autowired
    Clock engineClock;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Messages messages;
    @Autowired
    StatusUpdates updates;

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

    @Test
    void theSweepExpiresAMessageAtItsExpiresAtAndNotBefore() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"s\",\"validityPeriod\":5}}",
                "[{\"phone\":\"79000000018\"}]")).json().get(0).get("id").asString();
        awaitStatus(api, id, "SENT");
        Instant expiresAt = expiresAt(id);

        // The index range the sweep takes ends just after now: an entry at exactly now is in, one a microsecond later not.
        UUID before = new UUID(0, 0);
        assertThat(messages.awaitingAfter(expiresAt.minusMillis(1), before, expiresAt, 10))
                .extracting(Messages.Awaiting::id).doesNotContain(UUID.fromString(id));
        assertThat(messages.awaitingAfter(expiresAt.minusMillis(1), before, expiresAt.plus(1, ChronoUnit.MICROS), 10))
                .extracting(Messages.Awaiting::id).contains(UUID.fromString(id));

        clock.advance(Duration.between(clock.instant(), expiresAt).minusSeconds(10));
        sleep(Duration.ofMillis(2500));
        assertThat(status(id)).as("7 s before its end").isEqualTo("SENT");
        clock.advance(Duration.ofSeconds(8));
        assertThat(awaitStatus(api, id, "EXPIRED").get("error").get("code").asString()).isEqualTo("VALIDITY_EXPIRED");
    }

    @Test
    void aMessageDeliveredJustBeforeItsExpiryIsNeverExpired() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"s\",\"validityPeriod\":5}}",
                "[{\"phone\":\"79000000028\"}]")).json().get(0).get("id").asString();
        awaitStatus(api, id, "SENT");
        Instant expiresAt = expiresAt(id);
        clock.advance(Duration.between(clock.instant(), expiresAt).minusSeconds(1));
        tx.executeWithoutResult(s -> {
            updates.lockFlows(List.of(UUID.fromString(id)));
            updates.move(UUID.fromString(id), MessageStatus.DELIVERED, null);
        });
        clock.advance(Duration.ofMinutes(1));

        // The entry stays in the index (a report's update touches no index); the sweep passes it by.
        eventually().until(() -> sweptPast(id));
        assertThat(status(id)).isEqualTo("DELIVERED");
        assertThat(jdbc.sql("SELECT count(*) FROM message_status_event WHERE message_id = ?::uuid AND status = 'EXPIRED'")
                .param(id).query(Long.class).single()).isZero();
    }

    @Test
    void messagesThatBecameOverdueWhileNoNodeSweptExpireWhenTheSweepResumes(@Autowired DataSource dataSource)
            throws Exception {
        ApiClient api = newAccount();
        String id;
        // Holding the sweep's row is what no running node looks like: every node skips its turn.
        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            held.createStatement().execute("SELECT 1 FROM expiry_sweep FOR UPDATE");
            id = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"s\",\"validityPeriod\":5}}",
                    "[{\"phone\":\"79000000038\"}]")).json().get(0).get("id").asString();
            awaitStatus(api, id, "SENT");
            clock.advance(Duration.ofMinutes(6));
            sleep(Duration.ofMillis(2500));
            assertThat(status(id)).isEqualTo("SENT");
            held.rollback();
        }
        // The cursor is in the database, so a node that starts afresh goes on from where the last sweep stopped.
        awaitStatus(api, id, "EXPIRED");
        assertThat(sweptPast(id)).isTrue();
    }

    @Test
    void aLargeBacklogIsSweptInBatchesOfBoundedSize() {
        ApiClient api = newAccount();
        // 1 200 messages: the ones ending in 8 are never reported on, the ones ending in 1 are delivered.
        UUID bulkId = UUID.randomUUID();
        for (int part = 0; part < 2; part++) {
            String half = IntStream.range(part * 600, part * 600 + 600)
                    .mapToObj(i -> "{\"phone\":\"7901" + String.format("%06d", i) + (i % 2 == 0 ? "8" : "1") + "\"}")
                    .collect(Collectors.joining(",", "[", "]"));
            api.post("/api/v1/messages", "{\"bulkId\":\"" + bulkId + "\",\"messages\":[{\"channels\":{\"sms\":"
                    + "{\"text\":\"s\",\"validityPeriod\":5}},\"destinations\":" + half + "}]}");
        }
        eventually().atMost(Duration.ofSeconds(60)).until(() -> countOf(bulkId, "SENT") == 600 && countOf(bulkId, "DELIVERED") == 600);

        clock.advance(Duration.ofMinutes(6));
        eventually().atMost(Duration.ofSeconds(30)).until(() -> countOf(bulkId, "EXPIRED") == 600);
        assertThat(countOf(bulkId, "DELIVERED")).isEqualTo(600);
        // Rows a transaction changed carry its id: each sweep transaction expired at most a batch.
        Map<String, Long> perTransaction = jdbc.sql("""
                        SELECT xmin::text, count(*) FROM message WHERE bulk_id = ? AND status = 'EXPIRED' GROUP BY 1""")
                .param(bulkId).query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(perTransaction.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(ValidityExpiry.BATCH));
        assertThat(perTransaction).as("1 200 entries looked at, %d at a time", ValidityExpiry.BATCH).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aMessageMarkedSentAfterItsValidityEndedStillExpires() {
        ApiClient api = newAccount();
        String sendAt = clock.instant().plus(Duration.ofDays(1)).toString();
        String id = api.post("/api/v1/messages", "{\"messages\":[{\"sendAt\":\"" + sendAt + "\",\"channels\":"
                + "{\"sms\":{\"text\":\"s\"}},\"destinations\":[{\"phone\":\"79000000048\"}]}]}")
                .json().get(0).get("id").asString();
        UUID message = UUID.fromString(id);
        // Its validity ended before the floor, i.e. before what the sweep has already passed (a slow hand-over).
        jdbc.sql("UPDATE message SET valid_until = (SELECT swept_at FROM expiry_sweep) - interval '1 hour' WHERE id = ?")
                .param(message).update();
        tx.executeWithoutResult(s -> {
            messages.startAll(List.of(message), "test-node");
            messages.lockFlowsHoldingExpiryFloor(List.of(message));
            messages.markSentAll(List.of(new Messages.Sent(message, "late-" + id, 1, true)));
        });
        assertThat(jdbc.sql("SELECT m.expires_at = s.floor_at FROM message m, expiry_sweep s WHERE m.id = ?")
                .param(message).query(Boolean.class).single()).as("expires at the floor").isTrue();
        awaitStatus(api, id, "EXPIRED");
    }

    private Instant expiresAt(String id) {
        return jdbc.sql("SELECT expires_at FROM message WHERE id = ?::uuid").param(id).query(Timestamp.class).single()
                .toInstant();
    }

    private String status(String id) {
        return jdbc.sql("SELECT status FROM message WHERE id = ?::uuid").param(id).query(String.class).single();
    }

    private boolean sweptPast(String id) {
        return jdbc.sql("""
                        SELECT (s.swept_at, s.swept_id) >= (m.expires_at, m.id) FROM expiry_sweep s, message m
                        WHERE m.id = ?::uuid""").param(id).query(Boolean.class).single();
    }

    private long countOf(UUID bulkId, String status) {
        return jdbc.sql("SELECT count(*) FROM message WHERE bulk_id = ? AND status = ?").params(bulkId, status)
                .query(Long.class).single();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
