package dev.herald.callback;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the callbacks in flight to one receiving host, across all of this node's batches, so that a
 * batch of callbacks to one account's receiver does not open hundreds of connections to it at once. A host
 * keeps its entry while the node runs: there are as many as there are receiving hosts, a handful per account.
 */
final class HostLimits {

    private final int perHost;
    private final ConcurrentHashMap<String, Semaphore> hosts = new ConcurrentHashMap<>();

    HostLimits(int perHost) {
        if (perHost < 1) {
            throw new IllegalArgumentException("herald.callbacks.max-per-host must be at least 1, not " + perHost);
        }
        this.perHost = perHost;
    }

    /** Runs {@code call} once fewer than the limit of calls to {@code host} are running. */
    <T> T withPermit(String host, Supplier<T> call) throws InterruptedException {
        Semaphore permits = hosts.computeIfAbsent(host, h -> new Semaphore(perHost));
        permits.acquire();
        try {
            return call.get();
        } finally {
            permits.release();
        }
    }
}
