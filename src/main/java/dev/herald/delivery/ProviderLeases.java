package dev.herald.delivery;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A provider's messages-per-second limit, shared by all nodes without a database round trip per message:
 * the shared Bucket4j bucket (capacity and refill of one second's worth) hands each node its tokens in
 * blocks of a tenth of a second's worth, which the node then gives out from memory. Every token a node
 * gives out came from the shared bucket, so all nodes together keep to the rate; a block not used up within
 * {@link #LEASE_TIME} is dropped, so no node holds more than one block beyond it.
 */
final class ProviderLeases {

    /** How long a leased block may be given out from; what is left after it is dropped, not saved for a burst. */
    static final Duration LEASE_TIME = Duration.ofSeconds(1);

    private final ProxyManager<String> buckets;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    ProviderLeases(ProxyManager<String> buckets) {
        this.buckets = buckets;
    }

    /** Tokens leased per round trip to the shared bucket: a tenth of a second's worth, at least one. */
    static int blockSize(int perSecond) {
        return Math.max(1, perSecond / 10);
    }

    /**
     * Takes one token of {@code provider}'s rate, waiting for it until {@code deadlineNanos}
     * ({@link System#nanoTime()}).
     *
     * @return empty when taken, else how long until the shared bucket is expected to have one
     */
    Optional<Duration> take(String provider, int perSecond, long deadlineNanos, Duration maxHold) throws InterruptedException {
        // The rate is part of the key, so a connection whose rate changed starts a bucket of the new size.
        String key = "provider:" + provider + ":" + perSecond;
        Lease lease = leases.computeIfAbsent(key, k -> new Lease());
        if (!lease.lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            // Another send of this node is waiting on the shared bucket; it will have taken the capacity first.
            return Optional.of(halfOf(maxHold));
        }
        try {
            if (lease.takeLocal()) {
                return Optional.empty();
            }
            BucketProxy bucket = buckets.builder().build(key, () -> BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                    .build());
            int block = blockSize(perSecond);
            // A blocking consume reserves the block at once and sleeps until it has refilled, so under load a
            // node waits its turn for a whole block instead of scraping up the odd token per round trip.
            if (consume(bucket, block, deadlineNanos)) {
                lease.refill(block - 1);
                return Optional.empty();
            }
            if (block > 1 && consume(bucket, 1, deadlineNanos)) {
                return Optional.empty();
            }
            long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
            return Optional.of(Duration.ofNanos(Math.max(nanos, halfOf(maxHold).toNanos())));
        } finally {
            lease.lock.unlock();
        }
    }

    /** Gives back a token taken by {@link #take} and not used; it stays on this node, for its next send. */
    void giveBack(String provider, int perSecond) {
        Lease lease = leases.get("provider:" + provider + ":" + perSecond);
        if (lease != null) {
            lease.lock.lock();
            try {
                lease.giveBack();
            } finally {
                lease.lock.unlock();
            }
        }
    }

    /** Forgets leases whose time is up, so providers no longer used do not pile up. */
    void dropExpired() {
        leases.values().removeIf(Lease::expired);
    }

    private static boolean consume(BucketProxy bucket, int tokens, long deadlineNanos) throws InterruptedException {
        long remaining = deadlineNanos - System.nanoTime();
        return remaining > 0
                ? bucket.asBlocking().tryConsume(tokens, Duration.ofNanos(remaining))
                : bucket.tryConsume(tokens);
    }

    private static Duration halfOf(Duration maxHold) {
        return maxHold.dividedBy(2);
    }

    /** The tokens this node holds of one shared bucket. Guarded by {@link #lock}, except {@link #expired}. */
    private static final class Lease {
        final ReentrantLock lock = new ReentrantLock();
        private long tokens;
        private volatile long expiresAtNanos = System.nanoTime();

        boolean takeLocal() {
            if (tokens > 0 && System.nanoTime() - expiresAtNanos < 0) {
                tokens--;
                return true;
            }
            tokens = 0;
            return false;
        }

        void refill(long left) {
            tokens = left;
            expiresAtNanos = System.nanoTime() + LEASE_TIME.toNanos();
        }

        void giveBack() {
            if (System.nanoTime() - expiresAtNanos < 0) {
                tokens++;
            }
        }

        boolean expired() {
            return System.nanoTime() - expiresAtNanos > LEASE_TIME.toNanos();
        }
    }
}
