package dev.herald.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.support.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The cap's one statement per batch: room per contact and category, a message counted once, a sliding window. */
class FrequencyCounterTest extends HeraldTest {

    @Autowired
    FrequencyCounter counter;

    @Test
    void aMessageClaimedAgainIsNotCountedAgainAndTheWindowSlides() {
        ApiClient api = newAccount();
        UUID account = jdbc.sql("SELECT account_id FROM api_token WHERE token_hash = ?").param(Sha256.hex(api.token()))
                .query(UUID.class).single();
        long first = api.postJson("/api/v1/contacts", Map.of("phone", "79007770001")).json().get("contactId").asLong();
        long second = api.postJson("/api/v1/contacts", Map.of("phone", "79007770002")).json().get("contactId").asLong();
        FrequencyCounter.Key a = new FrequencyCounter.Key(account, first, "promo");
        FrequencyCounter.Key b = new FrequencyCounter.Key(account, second, "promo");
        UUID m1 = UUID.randomUUID(), m2 = UUID.randomUUID(), m3 = UUID.randomUUID(), m4 = UUID.randomUUID();
        Instant now = Instant.now();
        int week = (int) Duration.ofDays(7).toSeconds();

        Set<UUID> granted = counter.take(List.of(new FrequencyCounter.Want(a, List.of(m1, m2, m3), 2, week),
                new FrequencyCounter.Want(b, List.of(m4), 2, week)), now);
        assertThat(granted).contains(m1, m2, m4).doesNotContain(m3);

        // m2 claimed again (put back by a rate limit): still granted, no room taken; m3 still over the cap.
        assertThat(counter.take(List.of(new FrequencyCounter.Want(a, List.of(m2, m3), 2, week)), now.plusSeconds(60)))
                .contains(m2).doesNotContain(m3);
        UUID later = UUID.randomUUID();
        assertThat(counter.take(List.of(new FrequencyCounter.Want(a, List.of(later), 2, week)),
                now.plus(Duration.ofDays(7)).plusSeconds(1))).contains(later).doesNotContain(m1, m2);
    }
}
