package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The group writer: items waiting together share one write, and a bad one fails only itself. */
class GroupCommitTest {

    @Test
    void concurrentItemsShareWritesAndABadOneFailsOnlyItself() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        ConcurrentHashMap<Integer, Integer> stored = new ConcurrentHashMap<>();
        AtomicInteger writes = new AtomicInteger();
        GroupCommit<Integer, String> commit = new GroupCommit<>(16, items -> {
            writes.incrementAndGet();
            pause();
            if (items.stream().anyMatch(i -> i % 50 == 7)) {
                throw new IllegalStateException("bad item in the batch");
            }
            batchSizes.add(items.size());
            items.forEach(i -> stored.merge(i, 1, Integer::sum));
            return items.stream().map(i -> "ok-" + i).toList();
        }, item -> {
            writes.incrementAndGet();
            pause();
            if (item % 50 == 7) {
                throw new IllegalArgumentException("bad " + item);
            }
            stored.merge(item, 1, Integer::sum);
            return "ok-" + item;
        });

        int n = 400;
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < n; i++) {
                int item = i;
                answers.add(pool.submit(() -> commit.write(item)));
            }
        }
        int failed = 0;
        for (int i = 0; i < n; i++) {
            try {
                assertThat(answers.get(i).get()).isEqualTo("ok-" + i);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(i % 50).isEqualTo(7);
                assertThat(e.getCause()).hasMessage("bad " + i);
                failed++;
            }
        }
        assertThat(failed).isEqualTo(8);
        assertThat(stored).hasSize(n - 8).allSatisfy((item, times) -> assertThat(times).isEqualTo(1));
        assertThat(batchSizes).anyMatch(size -> size > 1);
        assertThat(writes.get()).as("fewer writes than items").isLessThan(n);
        assertThat(batchSizes).allMatch(size -> size <= 16);
    }

    @Test
    void anItemAloneIsWrittenAtOnce() {
        GroupCommit<String, String> commit = new GroupCommit<>(64, items -> {
            throw new AssertionError("one item is written alone");
        }, item -> item + "!");
        assertThat(commit.write("a")).isEqualTo("a!");
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
