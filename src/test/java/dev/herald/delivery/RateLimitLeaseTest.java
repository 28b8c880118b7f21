package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.HeraldProperties;
import dev.herald.HeraldTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two {@link RateLimits} on one database play two nodes. They keep to a provider's rate together, take it in
 * blocks so that most messages touch no database, space messages to one recipient apart across nodes, and a
 * message put back for want of provider capacity keeps its recipient's turn.
 */
class RateLimitLeaseTest extends HeraldTest {

    private static final Logger log = LoggerFactory.getLogger(RateLimitLeaseTest.class);

    @Autowired
    DataSource dataSource;

    @Test
    void twoNodesTogetherKeepToTheRateOverSeconds() throws Exception {
        String provider = "lease-rate-" + UUID.randomUUID();
        HeraldProperties.RateLimit limit = new HeraldProperties.RateLimit(200, null, Duration.ofMillis(300));
        RateLimits first = new RateLimits(name -> Optional.of(limit), dataSource);
        RateLimits second = new RateLimits(name -> Optional.of(limit), dataSource);
        // Start with an empty shared bucket, so the count below measures the refill rate, not the first burst.
        RateLimits drain = new RateLimits(name -> Optional.of(new HeraldProperties.RateLimit(200, null, Duration.ZERO)),
                dataSource);
        while (drain.acquire(provider, null).isEmpty()) {
            // takes the burst of one second's worth without waiting for the refill
        }
        AtomicInteger granted = new AtomicInteger();
        Duration measured = Duration.ofSeconds(3);
        long end = System.nanoTime() + measured.toNanos();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RateLimits node : List.of(first, second)) {
                for (int i = 0; i < 8; i++) {
                    threads.submit(() -> {
                        while (System.nanoTime() < end) {
                            if (node.acquire(provider, null).isEmpty() && System.nanoTime() < end) {
                                granted.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
        }
        double perSecond = granted.get() / (measured.toMillis() / 1000.0);
        log.info("Two nodes at a limit of 200/s: {} messages in {} s, {}/s", granted.get(), measured.toSeconds(), perSecond);
        // At most the rate plus the one block each node may hold beyond it; at least most of the rate, however
        // loaded the machine (a token is a database round trip per block of 20, which is cheap).
        assertThat(granted.get()).isLessThanOrEqualTo(200 * 3 + 2 * ProviderLeases.blockSize(200));
        assertThat(perSecond).isGreaterThan(200 * 0.7);
    }

    @Test
    void aThousandMessagesTouchTheSharedBucketOncePerBlock() throws Exception {
        String provider = "lease-count-" + UUID.randomUUID();
        AtomicLong connections = new AtomicLong();
        HeraldProperties.RateLimit limit = new HeraldProperties.RateLimit(1000, null, Duration.ofSeconds(5));
        RateLimits node = new RateLimits(name -> Optional.of(limit), counting(dataSource, connections));

        int sent = acquireConcurrently(node, provider, 1000, i -> null);

        log.info("1000 messages at a limit of 1000/s: {} connections", connections.get());
        assertThat(sent).isEqualTo(1000);
        // Blocks of 100: ten leases. Without leasing this is a thousand round trips.
        assertThat(connections.get()).isLessThanOrEqualTo(1000 / ProviderLeases.blockSize(1000) + 2);
    }

    @Test
    void recipientTurnsOfConcurrentSendsShareStatements() throws Exception {
        String provider = "lease-spacing-count-" + UUID.randomUUID();
        AtomicLong connections = new AtomicLong();
        HeraldProperties.RateLimit limit = new HeraldProperties.RateLimit(1000, Duration.ofSeconds(1), Duration.ofSeconds(5));
        RateLimits node = new RateLimits(name -> Optional.of(limit), counting(dataSource, connections));

        int sent = acquireConcurrently(node, provider, 1000, i -> "7903" + String.format("%07d", i));

        log.info("1000 messages to 1000 recipients, 50 at a time: {} connections", connections.get());
        assertThat(sent).isEqualTo(1000);
        // 1000 different recipients asked by 50 sends at a time: statements carry many recipients each.
        assertThat(connections.get()).isLessThan(1000 / 3);
    }

    @Test
    void aRecipientsTurnHoldsAcrossNodes() throws Exception {
        String provider = "lease-spacing-" + UUID.randomUUID();
        HeraldProperties.RateLimit limit = new HeraldProperties.RateLimit(0, Duration.ofMillis(800), Duration.ofMillis(100));
        RateLimits first = new RateLimits(name -> Optional.of(limit), dataSource);
        RateLimits second = new RateLimits(name -> Optional.of(limit), dataSource);

        long start = System.nanoTime();
        assertThat(first.acquire(provider, "79030000001")).isEmpty();
        Optional<Duration> wait = second.acquire(provider, "79030000001");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(wait).isPresent();
        // The database's clock decides: the wait is the interval less the time between the two statements.
        assertThat(wait.get()).isBetween(Duration.ofMillis(800).minus(elapsed).minusMillis(5), Duration.ofMillis(800));
        assertThat(second.acquire(provider, "79030000002")).isEmpty();

        RateLimits patient = new RateLimits(name -> Optional.of(
                new HeraldProperties.RateLimit(0, Duration.ofMillis(800), Duration.ofSeconds(2))), dataSource);
        assertThat(patient.acquire(provider, "79030000001")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(790));
    }

    @Test
    void aMessagePutBackForWantOfProviderCapacityKeepsItsRecipientsTurn() throws Exception {
        String provider = "lease-putback-" + UUID.randomUUID();
        // One message a second, ten seconds between two messages to one recipient, (almost) no waiting on the thread.
        HeraldProperties.RateLimit limit = new HeraldProperties.RateLimit(1, Duration.ofSeconds(10), Duration.ofMillis(1));
        RateLimits node = new RateLimits(name -> Optional.of(limit), dataSource);

        assertThat(node.acquire(provider, "79030000001")).isEmpty();
        Optional<Duration> putBack = node.acquire(provider, "79030000002");
        assertThat(putBack).isPresent();
        assertThat(putBack.get()).isLessThanOrEqualTo(Duration.ofSeconds(1));

        Thread.sleep(putBack.get().plusMillis(50));
        // The provider has a token again; the recipient never got a message, so it need not wait ten seconds.
        assertThat(node.acquire(provider, "79030000002")).isEmpty();
    }

    private static int acquireConcurrently(RateLimits node, String provider, int messages,
                                           java.util.function.IntFunction<String> address) throws Exception {
        List<Future<Boolean>> results = new ArrayList<>();
        try (var threads = Executors.newFixedThreadPool(50, Thread.ofVirtual().factory())) {
            for (int i = 0; i < messages; i++) {
                int n = i;
                results.add(threads.submit(() -> node.acquire(provider, address.apply(n)).isEmpty()));
            }
        }
        int sent = 0;
        for (Future<Boolean> result : results) {
            sent += result.get() ? 1 : 0;
        }
        return sent;
    }

    /** {@code dataSource}, counting the connections taken from it: one per round trip of a rate limit. */
    private static DataSource counting(DataSource dataSource, AtomicLong connections) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
