package dev.herald.link;

import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores clicks off the redirect path. Once a redirect has been answered, its click goes on a bounded
 * in-memory queue; one writer takes whatever has gathered (a single click when idle, up to {@value #BATCH}
 * under load) and stores it in one transaction: the clicks, the links' counts, and CLICKED for each message
 * whose link was opened for the first time (which sends its status callback). When the queue is full, the
 * request's (virtual) thread waits for room, which slows the server down rather than drop a click; a failed
 * write is retried. What is still queued is written on shutdown, after the web server has stopped taking
 * requests; only a crash of the process can lose the clicks of its last moments.
 */
@Component
class ClickRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClickRecorder.class);
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration FULL_QUEUE_WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<ShortLinks.Click> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final ShortLinks links;
    private final DeliveryReports reports;
    private final TransactionTemplate tx;
    private volatile boolean running;
    private Thread writer;

    ClickRecorder(ShortLinks links, DeliveryReports reports, TransactionTemplate tx) {
        this.links = links;
        this.reports = reports;
        this.tx = tx;
    }

    /**
     * Queues a click for the writer. Call after the redirect has been sent: when the queue is full (the
     * database is slower than the clicks) this waits for room, and at worst stores the click itself.
     */
    void record(ShortLinks.Click click) {
        try {
            if (running && queue.offer(click, FULL_QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                write(List.of(click));
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    log.error("Lost a click on short link {}: {}", click.code(), e.toString());
                    return;
                }
            }
        }
    }

    private void run() {
        List<ShortLinks.Click> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                ShortLinks.Click first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                writeUntilStored(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeUntilStored(List<ShortLinks.Click> batch) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    log.error("Lost {} clicks on shutdown: {}", batch.size(), e.toString());
                    return;
                }
                log.warn("Could not store {} clicks, retrying in {}: {}", batch.size(), backoff, e.toString());
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void write(List<ShortLinks.Click> clicks) {
        tx.executeWithoutResult(status -> links.record(clicks).forEach(first ->
                // Joins this transaction: the clicks and the status change are stored together.
                reports.report(new DeliveryReport(first.provider(), first.providerMessageId(),
                        DeliveryReport.Outcome.CLICKED, null, null))));
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("short-link-clicks").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        try {
            writer.join(DRAIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops at DEFAULT_PHASE - 2048), so no click arrives once it has drained. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
