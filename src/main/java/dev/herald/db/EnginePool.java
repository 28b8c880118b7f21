package dev.herald.db;

import java.util.function.Supplier;

/**
 * Marks work of the delivery engine, whose database connections come from the engine's own pool rather than the
 * pool API requests use (see {@link PoolRouter}), so that no intake load can take the engine's share. The mark
 * belongs to the current thread only: work handed to other threads marks itself again.
 */
public final class EnginePool {

    private static final ThreadLocal<Boolean> ENGINE = new ThreadLocal<>();

    private EnginePool() {}

    /** Runs {@code work} with this thread's connections taken from the engine's pool. */
    public static <T> T call(Supplier<T> work) {
        if (Boolean.TRUE.equals(ENGINE.get())) {
            return work.get();
        }
        ENGINE.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            ENGINE.remove();
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    static boolean isEngineWork() {
        return Boolean.TRUE.equals(ENGINE.get());
    }
}
