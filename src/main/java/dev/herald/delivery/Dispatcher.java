package dev.herald.delivery;

import dev.herald.HeraldProperties;
import dev.herald.db.PgNotifications;
import dev.herald.db.Wakeup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
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
import org.springframework.stereotype.Component;

/**
 * This node's worker: claims due jobs in batches, works each on a virtual thread, keeps the leases of jobs
 * in progress alive (heartbeat), and sleeps until a notification, the next due job, or the safety-net poll.
 * On shutdown it stops claiming, lets running sends finish for a while, and hands the rest back.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final JobQueue queue;
    private final Wakeup wakeup;
    private final MessageSender sender;
    private final ValidityExpiry expiry;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final HeraldProperties.Queue settings;
    private final String node;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeats;
    private Thread loop;

    Dispatcher(JobQueue queue, PgNotifications notifications, MessageSender sender, ValidityExpiry expiry,
               DeliveryMetrics metrics, HeraldProperties properties, Clock clock) {
        this.queue = queue;
        this.wakeup = notifications.wakeupFor(JobQueue.CHANNEL);
        this.sender = sender;
        this.expiry = expiry;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = properties.queue();
        this.node = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String node() {
        return node;
    }

    @Override
    public void start() {
        running = true;
        workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herald-send-", 0).factory());
        loop = Thread.ofPlatform().name("herald-dispatcher").start(this::run);
        long every = Math.max(settings.lease().toMillis() / 3, 100);
        heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("herald-heartbeat").daemon().factory());
        heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        log.info("Dispatcher {} started", node);
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
                log.warn("{} sends still running at shutdown; their jobs go back to the queue", inFlight.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.shutdownNow();
        // Sends still running keep their lease: handing them back could send them twice while they finish.
        int released = queue.release(node, Set.copyOf(inFlight));
        log.info("Dispatcher {} stopped; {} job(s) handed back", node, released);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops after the queue listener (which only wakes it) and before the web server and the database go.
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    private void run() {
        while (running) {
            try {
                int free = settings.maxInFlight() - inFlight.size();
                int wanted = Math.min(settings.batchSize(), free);
                if (wanted > 0) {
                    long started = System.nanoTime();
                    List<Job> jobs = queue.claim(node, wanted, settings.lease());
                    metrics.claimed(System.nanoTime() - started);
                    jobs.forEach(this::submit);
                    if (jobs.size() == wanted) {
                        continue;
                    }
                }
                wakeup.await(untilNextDue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Dispatcher {} failed to claim work; retrying", node, e);
                sleep(settings.pollInterval());
            }
        }
    }

    private void submit(Job job) {
        inFlight.add(job.id());
        workers.execute(() -> {
            try {
                switch (job.kind()) {
                    case SEND -> sender.process(job, node);
                    case EXPIRE -> expiry.process(job, node);
                }
            } catch (RuntimeException e) {
                // The lease runs out and the job is retried, by this node or another.
                log.error("Job {} for message {} failed on {}", job.id(), job.messageId(), node, e);
            } finally {
                boolean wasFull = inFlight.size() >= settings.maxInFlight();
                inFlight.remove(job.id());
                if (wasFull) {
                    wakeup.signal();
                }
            }
        });
    }

    private Duration untilNextDue() {
        if (inFlight.size() >= settings.maxInFlight()) {
            return settings.pollInterval();
        }
        return queue.nextDueAt()
                .map(due -> Duration.between(clock.instant(), due))
                .map(wait -> wait.isNegative() ? Duration.ofMillis(50) : wait)
                .filter(wait -> wait.compareTo(settings.pollInterval()) < 0)
                .orElse(settings.pollInterval());
    }

    /** Extends the leases of jobs in progress, so a slow provider call is not taken over by another node. */
    private void heartbeat() {
        try {
            if (running && !inFlight.isEmpty()) {
                queue.heartbeat(node, Set.copyOf(inFlight), settings.lease());
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat of {} failed: {}", node, e.toString());
        }
    }

    private static void sleep(Duration duration) {
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
