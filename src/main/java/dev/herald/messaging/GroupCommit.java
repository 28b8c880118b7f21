package dev.herald.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Writes what concurrent requests want stored together, one statement for all of them: a request queues its
 * item and waits for the writer; whoever gets the writer takes everything waiting (up to {@code maxBatch}),
 * writes it in one go and answers each. No timer: a request that finds the writer free is written at once,
 * alone; the batch grows only while the writer is busy, so it costs no latency when load is light. When the
 * batch fails, each item is written alone, so one bad request never fails another.
 *
 * @param <T> what a request wants stored
 * @param <R> its answer
 */
final class GroupCommit<T, R> {

    private static final class Waiting<T, R> {
        final T item;
        final Thread thread = Thread.currentThread();
        volatile boolean done;
        volatile R result;
        volatile RuntimeException failure;

        Waiting(T item) {
            this.item = item;
        }

        void succeed(R value) {
            result = value;
            done = true;
            LockSupport.unpark(thread);
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
            LockSupport.unpark(thread);
        }
    }

    private static final long HAND_OVER_TIMEOUT_NANOS = 5_000_000;

    private final ConcurrentLinkedQueue<Waiting<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();
    private final int maxBatch;
    private final Function<List<T>, List<R>> together;
    private final Function<T, R> alone;

    /**
     * @param together writes several items in one statement, answering in their order; must store all or none
     * @param alone    writes one item
     */
    GroupCommit(int maxBatch, Function<List<T>, List<R>> together, Function<T, R> alone) {
        this.maxBatch = Math.max(1, maxBatch);
        this.together = together;
        this.alone = alone;
    }

    /** Stores {@code item}, with whatever else is waiting, and returns its answer (or throws its failure). */
    R write(T item) {
        Waiting<T, R> mine = new Waiting<>(item);
        waiting.add(mine);
        // Each waits for its own answer, not for the writer: the answers of a batch wake their requests at once,
        // rather than one after the other through a lock.
        while (!mine.done) {
            if (writer.tryLock()) {
                try {
                    if (!mine.done) {
                        writeWaiting();
                    }
                } finally {
                    writer.unlock();
                }
                // Hands the writer on to one who waits (after the unlock, so a newcomer either gets it or is seen).
                Waiting<T, R> next = waiting.peek();
                if (next != null) {
                    LockSupport.unpark(next.thread);
                }
            } else {
                // Woken by its answer or by the hand-over; the timeout only covers a hand-over to one who left.
                LockSupport.parkNanos(this, HAND_OVER_TIMEOUT_NANOS);
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    private void writeWaiting() {
        List<Waiting<T, R>> batch = new ArrayList<>();
        Waiting<T, R> next;
        while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        if (batch.size() > 1) {
            List<R> results;
            try {
                results = together.apply(batch.stream().map(w -> w.item).toList());
            } catch (RuntimeException | Error e) {
                results = null;
            }
            if (results != null) {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).succeed(results.get(i));
                }
                return;
            }
        }
        // One item, or a batch that failed as a whole (and stored nothing): each on its own.
        for (Waiting<T, R> each : batch) {
            try {
                each.succeed(alone.apply(each.item));
            } catch (RuntimeException e) {
                each.fail(e);
            } catch (Error e) {
                // Answered all the same: a request left waiting would wait for ever.
                each.fail(new IllegalStateException(e));
            }
        }
    }
}
