package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** sendAt holds a message DELAYED until due; allowed time ranges hold it until the next allowed moment. */
class SchedulingTest extends HeraldTest {

    @Test
    void aFutureSendAtDelaysTheMessageUntilItIsDue() {
        ApiClient api = newAccount();
        OffsetDateTime sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3);
        JsonNode item = api.post("/api/v1/messages", "{\"messages\":[{\"sendAt\":\"" + sendAt + "\","
                + "\"channels\":{\"sms\":{\"text\":\"later\"}},\"destinations\":[{\"phone\":\"79000000001\"}]}]}").json().get(0);
        assertThat(item.get("status").asString()).isEqualTo("DELAYED");

        JsonNode delivered = awaitStatus(api, item.get("id").asString(), "DELIVERED");
        Instant sentAt = Instant.parse(delivered.get("sentAt").asString());
        assertThat(sentAt).isAfterOrEqualTo(sendAt.toInstant());
        assertThat(Duration.between(sendAt.toInstant(), sentAt)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void outsideTheAllowedTimeRangesTheMessageWaits() {
        ApiClient api = newAccount();
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        String start = now.plusHours(2).format(hhmm);
        String end = now.plusHours(3).format(hhmm);
        JsonNode item = api.post("/api/v1/messages", "{\"messages\":[{\"allowedTimeRanges\":[[\"" + start + "\",\"" + end
                + "\"]],\"timeZone\":\"UTC\",\"channels\":{\"sms\":{\"text\":\"day only\"}},"
                + "\"destinations\":[{\"phone\":\"79000000001\"}]}]}").json().get(0);

        assertThat(item.get("status").asString()).isEqualTo("DELAYED");
        Instant due = jdbc.sql("SELECT due_at FROM job WHERE message_id = ?::uuid").param(item.get("id").asString())
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(due.atZone(ZoneOffset.UTC).toLocalTime().format(hhmm)).isEqualTo(start);
        assertThat(due).isAfter(Instant.now().plus(Duration.ofMinutes(100)));
    }

    @Test
    void insideTheAllowedTimeRangesTheMessageLeavesAtOnce() {
        ApiClient api = newAccount();
        JsonNode item = api.post("/api/v1/messages", "{\"messages\":[{\"allowedTimeRanges\":[[\"00:00\",\"00:00\"]],"
                + "\"timeZone\":\"Europe/Moscow\",\"channels\":{\"sms\":{\"text\":\"any time\"}},"
                + "\"destinations\":[{\"phone\":\"79000000001\"}]}]}").json().get(0);
        assertThat(item.get("status").asString()).isEqualTo("CREATED");
        awaitStatus(api, item.get("id").asString(), "DELIVERED");
    }
}
