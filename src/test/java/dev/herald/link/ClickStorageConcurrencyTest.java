package dev.herald.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Several writers storing clicks on the same links at once (the writers of several nodes, or a redirect
 * storing its own click while its node's writer runs) neither deadlock nor lose a count.
 */
class ClickStorageConcurrencyTest extends HeraldTest {

    @Autowired
    ShortLinks links;
    @Autowired
    TransactionTemplate tx;

    @Test
    void concurrentBatchesOnTheSameLinksAllCommit() throws Exception {
        ApiClient api = newAccount();
        String text = String.join(" ", IntStream.range(0, 20).mapToObj(i -> "https://example.com/a/long/enough/path/to/shorten/page-" + i).toList());
        JsonNode item = api.post("/api/v1/messages", group("{\"sms\":{\"text\":" + ApiClient.json(text) + "}}",
                "[{\"phone\":\"79003330001\"}]")).json().get(0);
        String id = item.get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        List<String> codes = jdbc.sql("SELECT code FROM short_link WHERE flow_id = ?::uuid")
                .param(item.get("flowId").asString()).query(String.class).list();
        assertThat(codes).hasSize(20);

        int writers = 8;
        int batches = 10;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<ShortLinks.Click> batch = new ArrayList<>();
                        codes.forEach(code -> batch.add(new ShortLinks.Click(code, Instant.now(), "test", false)));
                        // Every writer meets the links in another order.
                        Collections.shuffle(batch);
                        tx.executeWithoutResult(status -> links.record(batch));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        assertThat(jdbc.sql("SELECT sum(click_count) FROM short_link WHERE code IN (:codes)").param("codes", codes)
                .query(Long.class).single()).isEqualTo((long) writers * batches * codes.size());
        assertThat(jdbc.sql("SELECT count(*) FROM short_link WHERE code IN (:codes) AND first_clicked_at IS NULL")
                .param("codes", codes).query(Long.class).single()).isZero();
    }
}
