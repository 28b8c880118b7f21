package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldProperties;
import dev.herald.HeraldTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Priority lanes and fairness: a claim takes due transactional work first, and within a lane the accounts take
 * turns, so that neither a campaign nor one account's backlog holds back anybody else.
 */
class LaneTest extends HeraldTest {

    @Autowired
    HeraldProperties properties;
    @Autowired
    DeliveryMetrics metrics;

    @Test
    void transactionalWorkGoesFirstAndAccountsTakeTurnsWithinALane() {
        Instant sendAt = Instant.now().plus(Duration.ofHours(1));
        ApiClient campaign = newAccount();
        ApiClient otherCampaign = newAccount();
        ApiClient oneTimePasswords = newAccount();
        // Due first, and in the bulk lane: more than 100 destinations.
        String bigBulk = send(campaign, sendAt, 300, "7905");
        String smallerBulk = send(otherCampaign, sendAt.plusSeconds(60), 150, "7906");
        // Due last, but transactional.
        String passwords = send(oneTimePasswords, sendAt.plusSeconds(120), 2, "7907");
        assertThat(lanes(bigBulk)).containsOnly(1);
        assertThat(lanes(smallerBulk)).containsOnly(1);
        assertThat(lanes(passwords)).containsOnly(0);

        // A queue whose clock is two hours ahead sees these jobs due; this node's dispatcher does not yet.
        JobQueue ahead = new JobQueue(jdbc, Clock.fixed(sendAt.plus(Duration.ofHours(1)), ZoneOffset.UTC),
                properties, metrics);
        try {
            List<Job> claimed = ahead.claim("lane-test", 22, Duration.ofMinutes(1));
            Map<UUID, String> bulkOf = new HashMap<>();
            jdbc.sql("SELECT id, bulk_id FROM message WHERE id = ANY(?)")
                    .param(claimed.stream().map(Job::messageId).toArray(UUID[]::new))
                    .query(rs -> {
                        bulkOf.put(rs.getObject("id", UUID.class), rs.getString("bulk_id"));
                    });
            List<String> order = new ArrayList<>();
            claimed.forEach(job -> order.add(bulkOf.get(job.messageId())));
            List<String> ours = order.stream().filter(b -> b.equals(bigBulk) || b.equals(smallerBulk) || b.equals(passwords))
                    .toList();
            assertThat(ours.stream().filter(passwords::equals).count()).as("the transactional lane first").isEqualTo(2);
            long first = ours.stream().filter(bigBulk::equals).count();
            long second = ours.stream().filter(smallerBulk::equals).count();
            assertThat(first + second).isGreaterThanOrEqualTo(10);
            assertThat(Math.abs(first - second)).as("the two campaigns share the claim").isLessThanOrEqualTo(1);
        } finally {
            ahead.release("lane-test", List.of());
            for (ApiClient api : List.of(campaign, otherCampaign, oneTimePasswords)) {
                api.postJson("/api/v1/messages/cancel", Map.of("bulkId", api == campaign ? bigBulk
                        : api == otherCampaign ? smallerBulk : passwords));
            }
        }
    }

    private String send(ApiClient api, Instant sendAt, int destinations, String prefix) {
        List<Map<String, String>> to = new ArrayList<>();
        for (int i = 0; i < destinations; i++) {
            to.add(Map.of("phone", prefix + String.format("%07d", i * 10 + 1)));
        }
        JsonNode items = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of(
                "sendAt", sendAt.toString(), "channels", Map.of("sms", Map.of("text", "lane")),
                "destinations", to)))).json();
        return items.get(0).get("bulkId").asString();
    }

    private List<Integer> lanes(String bulkId) {
        return jdbc.sql("SELECT DISTINCT j.lane FROM job j JOIN message m ON m.id = j.message_id WHERE m.bulk_id = ?::uuid")
                .param(bulkId).query(Integer.class).list();
    }
}
