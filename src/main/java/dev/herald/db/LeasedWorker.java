package dev.herald.db;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One node's worker on a {@link LeasedQueue}: claims due items in batches, works each on a virtual thread,
 * keeps the leases of items in progress alive (heartbeat), and sleeps until a notification, the next due
 * item, or the safety-net poll. On stop it stops claiming, lets running work finish for a while, and hands
 * back what it had not started; work still running keeps its lease rather than being done twice.
 *
 * Subclasses say what to do with one item; as a Spring bean the worker starts and stops with the context,
 * after the notification listener and before the web server and the database.
 *
 * @param <T> a claimed item
 */
public abstract class LeasedWorker<T> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeasedWorker.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MIN_WAIT = Duration.ofMillis(50);

    /**
     * @param wakeAfterEach whether finishing an item may make another due at once (so the loop looks again)
     */
    public record Settings(String name, int batchSize, int maxInFlight, Duration lease, Duration pollInterval,
                           boolean wakeAfterEach) {}

    private final LeasedQueue<T> queue;
    private final Wakeup wakeup;
    private final Settings settings;
    private final String node = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeats;
    private Thread loop;

    protected LeasedWorker(LeasedQueue<T> queue, Wakeup wakeup, Settings settings) {
        this.queue = queue;
        this.wakeup = wakeup;
        this.settings = settings;
    }

    /** Does the work of one claimed item, on its own virtual thread; a throw leaves it to its lease. */
    protected abstract void work(T item);

    /**
     * Whether a claimed batch is worked as a whole, on one virtual thread, by {@link #workBatch}, rather than each
     * item on its own thread. Several batches may be in progress at once, up to {@code maxInFlight} items.
     */
    protected boolean worksInBatches() {
        return false;
    }

    /** Works a claimed batch when {@link #worksInBatches}; a throw leaves its items to their leases. */
    protected void workBatch(List<T> items) {
        items.forEach(this::work);
    }

    /**
     * Whether this worker is part of the delivery engine, whose claims, heartbeats and work take their
     * connections from the engine's own pool ({@link EnginePool}).
     */
    protected boolean usesEnginePool() {
        return false;
    }

    /**
     * How long the loop lets new work gather after it was woken, before it claims: a few milliseconds turn the claims
     * of a trickle of single items (one per notification) into fewer, larger batches, whose fixed cost is shared.
     * Zero (the default) claims at once. A full claim is followed by the next at once, whatever this says.
     */
    protected Duration gather() {
        return Duration.ZERO;
    }

    /** Runs {@code work} on the engine's pool when this worker uses it. */
    private void onPool(Runnable work) {
        if (usesEnginePool()) {
            EnginePool.run(work);
        } else {
            work.run();
        }
    }

    /** This node's name in the queue's {@code locked_by}. */
    public String node() {
        return node;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    @Override
    public void start() {
        running = true;
        workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(settings.name() + "-", 0).factory());
        loop = Thread.ofPlatform().name(settings.name() + "-loop").start(() -> onPool(this::run));
        long every = Math.max(settings.lease().toMillis() / 3, 100);
        heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(settings.name() + "-heartbeat").daemon().factory());
        heartbeats.scheduleWithFixedDelay(() -> onPool(this::heartbeat), every, every, TimeUnit.MILLISECONDS);
        log.info("{} {} started", settings.name(), node);
    }

    @Override
    public void stop() {
        running = false;
        wakeup.signal();
        try {
            if (loop != null) {
                loop.join(DRAIN_TIMEOUT.toMillis());
            }
            workers.shutdown();
            if (!workers.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} item(s) of {} still running at shutdown keep their lease", inFlight.size(), settings.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.shutdownNow();
        int[] released = new int[1];
        onPool(() -> released[0] = queue.release(node, Set.copyOf(inFlight)));
        log.info("{} {} stopped; {} item(s) handed back", settings.name(), node, released[0]);
    }

    private void run() {
        while (running) {
            try {
                int wanted = Math.min(settings.batchSize(), settings.maxInFlight() - inFlight.size());
                if (wanted > 0) {
                    List<T> claimed = queue.claim(node, wanted, settings.lease());
                    if (worksInBatches()) {
                        submitBatch(claimed);
                    } else {
                        claimed.forEach(this::submit);
                    }
                    if (claimed.size() == wanted) {
                        continue;
                    }
                }
                wakeup.await(untilNextDue());
                Duration gather = gather();
                if (!gather.isZero() && running) {
                    Thread.sleep(gather);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("{} {} failed to claim work; retrying", settings.name(), node, e);
                pause(settings.pollInterval());
            }
        }
    }

    private void submit(T item) {
        long id = queue.id(item);
        inFlight.add(id);
        workers.execute(() -> {
            try {
                onPool(() -> work(item));
            } catch (RuntimeException e) {
                // Its lease runs out and it is done again, by this node or another.
                log.error("{} item {} failed on {}", settings.name(), id, node, e);
            } finally {
                boolean wasFull = inFlight.size() >= settings.maxInFlight();
                inFlight.remove(id);
                if (wasFull || settings.wakeAfterEach()) {
                    wakeup.signal();
                }
            }
        });
    }

    private void submitBatch(List<T> items) {
        if (items.isEmpty()) {
            return;
        }
        List<Long> ids = items.stream().map(queue::id).toList();
        inFlight.addAll(ids);
        workers.execute(() -> {
            try {
                onPool(() -> workBatch(items));
            } catch (RuntimeException e) {
                // Their leases run out and they are done again, by this node or another.
                log.error("{} batch of {} item(s) failed on {}", settings.name(), ids.size(), node, e);
            } finally {
                boolean wasFull = inFlight.size() >= settings.maxInFlight();
                ids.forEach(inFlight::remove);
                if (wasFull || settings.wakeAfterEach()) {
                    wakeup.signal();
                }
            }
        });
    }

    private Duration untilNextDue() {
        if (inFlight.size() >= settings.maxInFlight()) {
            return settings.pollInterval();
        }
        return queue.untilNextDue()
                .map(wait -> wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait)
                .filter(wait -> wait.compareTo(settings.pollInterval()) < 0)
                .orElse(settings.pollInterval());
    }

    private void heartbeat() {
        try {
            if (running && !inFlight.isEmpty()) {
                queue.heartbeat(node, Set.copyOf(inFlight), settings.lease());
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat of {} {} failed: {}", settings.name(), node, e.toString());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
