package dev.herald.delivery;

import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.db.RelaxedTransactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies providers' delivery reports to messages, in batches. Reports from anywhere (sandbox receipts, webhooks,
 * SMPP receipts) go on one bounded queue per node; one writer takes what has gathered (a single report when idle,
 * up to {@value #BATCH} under load) and applies it in one transaction: the messages looked up by provider id for
 * the whole batch, their flows locked in order, the status changes, events, callbacks and cascades. A caller of
 * {@link #report} is answered only once its batch has committed durably, so a webhook that answers 2xx after it
 * loses nothing; {@link #reportResendable} commits relaxed and returns the commit as a future. A report made
 * inside a transaction (a click, a chat's read notice) is applied in that transaction instead, so that it
 * commits with what the caller stores.
 *
 * <p>A report can overtake the recording of the send it is about (an SMSC may send a receipt before Herald has
 * stored the submit response), so an unmatched report is parked in {@code early_report} and applied when the send
 * is recorded. Both sides take the same advisory locks ({@link #lock}), so neither can miss the other.
 */
@Component
class DeliveryReportReceiver implements DeliveryReports, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryReportReceiver.class);
    private static final int CAPACITY = 20_000;
    private static final int BATCH = 500;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

    private record Queued(DeliveryReport report, boolean durable, CompletableFuture<Void> applied) {}

    private final Messages messages;
    private final StatusUpdates updates;
    private final JdbcClient jdbc;
    private final TransactionTemplate durable;
    private final RelaxedTransactions relaxed;
    private final JsonMapper json;
    private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile boolean running;
    private Thread writer;

    DeliveryReportReceiver(Messages messages, StatusUpdates updates, JdbcClient jdbc, TransactionTemplate durable,
                           RelaxedTransactions relaxed, JsonMapper json) {
        this.messages = messages;
        this.updates = updates;
        this.jdbc = jdbc;
        this.durable = durable;
        this.relaxed = relaxed;
        this.json = json;
    }

    @Override
    public void report(DeliveryReport report) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            receive(List.of(report));
            return;
        }
        try {
            submit(report, true).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @Override
    public CompletableFuture<Void> reportResendable(DeliveryReport report) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            receive(List.of(report));
            return CompletableFuture.completedFuture(null);
        }
        return submit(report, false);
    }

    private CompletableFuture<Void> submit(DeliveryReport report, boolean durably) {
        Queued queued = new Queued(report, durably, new CompletableFuture<>());
        try {
            // When the queue is full (the database is slower than the reports), the caller waits for room.
            if (running && queue.offer(queued, 10, TimeUnit.SECONDS)) {
                if (!running && queue.remove(queued)) {
                    // Stopped meanwhile, after the writer's last look at the queue.
                    writeAlone(queued);
                }
                return queued.applied();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Not running (starting or stopping) or no room: applied on the caller's thread.
        writeAlone(queued);
        return queued.applied();
    }

    private void run() {
        List<Queued> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Applies a batch in one transaction; if that fails, each report alone, so one bad report fails only itself.
     * Reports whose send is being recorded right now (stage 3 of a batch holds their lock) go back on the queue
     * for the next batch rather than hold up the writer.
     */
    private void write(List<Queued> batch) throws InterruptedException {
        try {
            List<Queued> deferred = apply(batch, false);
            batch.stream().filter(q -> !deferred.contains(q)).forEach(q -> q.applied().complete(null));
            if (!deferred.isEmpty()) {
                if (deferred.size() == batch.size()) {
                    Thread.sleep(5);
                }
                for (Queued q : deferred) {
                    if (!queue.offer(q)) {
                        // No room behind the newer ones: this one waits for its lock here.
                        writeAlone(q);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().applied().completeExceptionally(e);
                return;
            }
            log.warn("Could not apply {} delivery reports together, applying them one by one: {}", batch.size(), e.toString());
            batch.forEach(this::writeAlone);
        }
    }

    private void writeAlone(Queued queued) {
        try {
            apply(List.of(queued), true);
            queued.applied().complete(null);
        } catch (RuntimeException e) {
            queued.applied().completeExceptionally(e);
        }
    }

    /**
     * Durable when any caller waits for durability; else the commit need not wait for the disk.
     *
     * @param wait whether to wait for the reports' locks; else the ones locked elsewhere are returned, not applied
     */
    private List<Queued> apply(List<Queued> batch, boolean wait) {
        List<DeliveryReport> reports = batch.stream().map(Queued::report).toList();
        List<DeliveryReport> skipped = batch.stream().anyMatch(Queued::durable)
                ? durable.execute(status -> receive(reports, wait))
                : relaxed.call(() -> receive(reports, wait));
        return batch.stream().filter(q -> skipped.contains(q.report())).toList();
    }

    private record Key(String provider, String providerMessageId) {}

    private void receive(List<DeliveryReport> reports) {
        receive(reports, true);
    }

    /**
     * Applies reports in the current transaction: the ones whose send is recorded, and parks the others.
     *
     * @param wait whether to wait for each report's lock; without, reports locked elsewhere are skipped
     * @return the skipped reports
     */
    private List<DeliveryReport> receive(List<DeliveryReport> all, boolean wait) {
        List<DeliveryReport> reports = all;
        List<DeliveryReport> skipped = List.of();
        if (wait) {
            lock(reports.stream().map(DeliveryReport::provider).toList(),
                    reports.stream().map(DeliveryReport::providerMessageId).toList());
        } else {
            Set<Key> locked = tryLock(all);
            reports = all.stream().filter(r -> locked.contains(new Key(r.provider(), r.providerMessageId()))).toList();
            skipped = all.stream().filter(r -> !locked.contains(new Key(r.provider(), r.providerMessageId()))).toList();
        }
        Map<Key, MessageRow> found = new HashMap<>();
        messages.findByProviderIds(reports.stream().map(DeliveryReport::provider).toList(),
                        reports.stream().map(DeliveryReport::providerMessageId).toList())
                .forEach(m -> found.put(new Key(m.provider(), m.providerMessageId()), m));
        List<Messages.Change> changes = new ArrayList<>();
        List<DeliveryReport> early = new ArrayList<>();
        List<DeliveryReport> applied = new ArrayList<>();
        for (DeliveryReport report : reports) {
            MessageRow message = found.get(new Key(report.provider(), report.providerMessageId()));
            if (message == null) {
                early.add(report);
            } else {
                changes.add(change(message, report));
                applied.add(report);
            }
        }
        updates.lockFlows(changes.stream().map(Messages.Change::id).toList());
        Set<UUID> moved = new HashSet<>();
        updates.moveAll(changes).forEach(m -> moved.add(m.id()));
        // A report the message it found cannot take may be for a newer send that got a reused id and is not
        // recorded yet: parked too, for that send to take (applyEarly takes only reports newer than its hand-over).
        for (int i = 0; i < applied.size(); i++) {
            if (!moved.contains(changes.get(i).id())) {
                early.add(applied.get(i));
            }
        }
        park(early);
        return skipped;
    }

    /** Takes the reports' locks that are free now, without waiting (so in any order); returns whose it got. */
    private Set<Key> tryLock(List<DeliveryReport> reports) {
        Set<Key> locked = new HashSet<>();
        jdbc.sql("""
                        SELECT provider, provider_message_id
                        FROM (SELECT DISTINCT provider, provider_message_id
                              FROM unnest(?::text[], ?::text[]) AS u(provider, provider_message_id)) keys
                        WHERE pg_try_advisory_xact_lock(hashtext(provider || ':' || provider_message_id))""")
                .params(reports.stream().map(DeliveryReport::provider).toArray(String[]::new),
                        reports.stream().map(DeliveryReport::providerMessageId).toArray(String[]::new))
                .query(rs -> {
                    locked.add(new Key(rs.getString(1), rs.getString(2)));
                });
        return locked;
    }

    /**
     * Applies reports that arrived before these sends were recorded. Call in the transaction that recorded them,
     * after taking {@link #lock} for them before the messages' own locks (the order {@link #receive} takes them in).
     */
    void applyEarly(List<MessageRow> sent) {
        if (sent.isEmpty()) {
            return;
        }
        Map<Key, MessageRow> byKey = new HashMap<>();
        sent.forEach(m -> byKey.put(new Key(m.provider(), m.providerMessageId()), m));
        List<Messages.Change> changes = jdbc.sql("""
                        DELETE FROM early_report e
                        USING unnest(?::text[], ?::text[], ?::uuid[]) AS u(provider, provider_message_id, message_id)
                        WHERE e.provider = u.provider AND e.provider_message_id = u.provider_message_id
                          -- Only reports that came after the message was handed over are about this send: an older
                          -- one is about an earlier send with the same (reused) id, or a repeat that one could not take.
                          AND e.at >= coalesce((SELECT max(ev.at) FROM message_status_event ev
                                                WHERE ev.message_id = u.message_id AND ev.status = 'PENDING'), '-infinity')
                        RETURNING e.provider, e.provider_message_id, e.status, e.error""")
                .params(sent.stream().map(MessageRow::provider).toArray(String[]::new),
                        sent.stream().map(MessageRow::providerMessageId).toArray(String[]::new),
                        sent.stream().map(MessageRow::id).toArray(UUID[]::new))
                .query((rs, i) -> {
                    MessageError error = rs.getString("error") == null ? null
                            : json.readValue(rs.getString("error"), MessageError.class);
                    MessageRow message = byKey.get(new Key(rs.getString("provider"), rs.getString("provider_message_id")));
                    return new Messages.Change(message.id(), MessageStatus.valueOf(rs.getString("status")), error);
                })
                .list();
        // Applied in life order (DELIVERED before READ before CLICKED), whatever order they arrived in.
        updates.moveAll(changes);
    }

    /** Reports for sends that were never recorded (the provider's id is unknown) are dropped after a week. */
    @Scheduled(fixedDelayString = "PT1H")
    void dropStaleEarlyReports() {
        jdbc.sql("DELETE FROM early_report WHERE at < now() - interval '7 days'").update();
    }

    private static Messages.Change change(MessageRow message, DeliveryReport report) {
        return new Messages.Change(message.id(), MessageStatus.valueOf(report.outcome().name()), error(report));
    }

    private void park(List<DeliveryReport> reports) {
        if (reports.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO early_report (provider, provider_message_id, status, error)
                        SELECT DISTINCT ON (provider, provider_message_id, status) provider, provider_message_id, status,
                               error::jsonb
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(provider, provider_message_id, status, error)
                        ON CONFLICT (provider, provider_message_id, status) DO UPDATE SET error = EXCLUDED.error, at = now()""")
                .params(reports.stream().map(DeliveryReport::provider).toArray(String[]::new),
                        reports.stream().map(DeliveryReport::providerMessageId).toArray(String[]::new),
                        reports.stream().map(r -> r.outcome().name()).toArray(String[]::new),
                        reports.stream().map(r -> {
                            MessageError error = error(r);
                            return error == null ? null : json.writeValueAsString(error);
                        }).toArray(String[]::new))
                .update();
    }

    /**
     * Serialises reports and the recording of the sends they are about: one transaction-scoped advisory lock per
     * provider id, taken in one order (by the lock's key) by every batch, so that batches do not deadlock.
     */
    void lock(List<String> providers, List<String> providerMessageIds) {
        if (providers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        SELECT pg_advisory_xact_lock(k)
                        FROM (SELECT DISTINCT hashtext(provider || ':' || provider_message_id) AS k
                              FROM unnest(?::text[], ?::text[]) AS u(provider, provider_message_id)
                              ORDER BY k) keys""")
                .params(providers.toArray(String[]::new), providerMessageIds.toArray(String[]::new))
                .query()
                .listOfRows();
    }

    private static MessageError error(DeliveryReport report) {
        if (report.errorCode() == null && report.errorText() == null) {
            return null;
        }
        return new MessageError(report.errorCode(), report.errorText());
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("delivery-reports").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        try {
            writer.join(DRAIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // What came in while the writer was finishing: nobody is left to wait for it otherwise.
        List<Queued> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(this::writeAlone);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Starts before and stops after the web server (DEFAULT_PHASE - 2048) and the delivery workers
     * (DEFAULT_PHASE - 1), so that every report they make while draining is still applied.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
