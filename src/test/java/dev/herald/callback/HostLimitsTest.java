package dev.herald.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostLimitsTest {

    @Test
    void noMoreThanTheLimitRunAtOnceForOneHostWhileOtherHostsGoOn() throws Exception {
        HostLimits limits = new HostLimits(3);
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                threads.submit(() -> limits.withPermit("a.example", () -> {
                    most.accumulateAndGet(busy.incrementAndGet(), Math::max);
                    sleep(20);
                    return busy.decrementAndGet();
                }));
            }
            for (int i = 0; i < 5; i++) {
                threads.submit(() -> limits.withPermit("b.example", other::incrementAndGet));
            }
        }
        assertThat(most.get()).isEqualTo(3);
        assertThat(other.get()).isEqualTo(5);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
