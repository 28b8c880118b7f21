package dev.herald.contact;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the imports waiting in {@code contact_import}, one at a time per node: claims one under a lease (any
 * node may; {@code FOR UPDATE SKIP LOCKED}), applies it chunk by chunk, each chunk its own transaction that
 * also renews the lease, and marks it FINISHED. An import whose node died is taken over once its lease ran out.
 */
@Component
class ContactImportWorker {

    private static final Logger log = LoggerFactory.getLogger(ContactImportWorker.class);
    private static final String NODE = "import-" + UUID.randomUUID().toString().substring(0, 8);

    private record Claimed(UUID id, UUID accountId) {}

    private final JdbcClient jdbc;
    private final ContactImports imports;
    private final ContactImportRun run;
    private final TransactionTemplate transaction;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    private final AtomicBoolean busy = new AtomicBoolean();

    ContactImportWorker(JdbcClient jdbc, ContactImports imports, ContactImportRun run,
                        PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.imports = imports;
        this.run = run;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Looks for work now (after a request staged an import), besides the regular poll. */
    void wake() {
        executor.execute(this::drain);
    }

    @Scheduled(fixedDelayString = "${herald.contacts.import-poll-interval:2s}")
    void poll() {
        executor.execute(this::drain);
    }

    private void drain() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        try {
            for (Optional<Claimed> next = claim(); next.isPresent(); next = claim()) {
                work(next.get());
            }
        } catch (RuntimeException e) {
            log.warn("Contact imports: could not claim work", e);
        } finally {
            busy.set(false);
        }
    }

    private Optional<Claimed> claim() {
        return jdbc.sql("""
                        UPDATE contact_import SET status = 'IMPORTING', locked_by = ?,
                            locked_until = now() + interval '2 minutes'
                        WHERE id = (SELECT id FROM contact_import
                                    WHERE status = 'STARTED' OR (status = 'IMPORTING' AND locked_until < now())
                                    ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING id, account_id""")
                .params(NODE)
                .query((rs, row) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class)))
                .optional();
    }

    private void work(Claimed claimed) {
        long started = System.nanoTime();
        try {
            ContactImports.Options options = imports.options(claimed.id());
            run.analyze();
            transaction.executeWithoutResult(status -> run.prepare(claimed.id(), options));
            for (Integer a = run.nextNew(claimed.id()); a != null; a = run.nextNew(claimed.id())) {
                chunk(claimed, options, a, a + ContactImportRun.CHUNK - 1);
            }
            transaction.executeWithoutResult(status -> run.finish(claimed.accountId(), claimed.id()));
            log.info("Contact import {} of account {} finished in {} ms", claimed.id(), claimed.accountId(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            log.error("Contact import {} of account {} failed", claimed.id(), claimed.accountId(), e);
            jdbc.sql("""
                            UPDATE contact_import SET status = 'ERROR', finished_at = now(), locked_by = NULL,
                                locked_until = NULL, error = 'The import stopped on an internal error; the entries '
                                    || 'applied so far stay. Send the rest again.'
                            WHERE account_id = ? AND id = ?""")
                    .params(claimed.accountId(), claimed.id()).update();
            run.count(claimed.accountId(), claimed.id());
        }
    }

    /** A chunk, again when a concurrent request took an identifier between our check and our write. */
    private void chunk(Claimed claimed, ContactImports.Options options, int a, int b) {
        for (int attempt = 1; ; attempt++) {
            try {
                transaction.executeWithoutResult(status -> {
                    run.applyChunk(claimed.accountId(), claimed.id(), options, a, b);
                    run.count(claimed.accountId(), claimed.id());
                    jdbc.sql("""
                                    UPDATE contact_import SET locked_until = now() + interval '2 minutes'
                                    WHERE account_id = ? AND id = ? AND locked_by = ?""")
                            .params(claimed.accountId(), claimed.id(), NODE).update();
                });
                return;
            } catch (DuplicateKeyException e) {
                if (attempt == 3) {
                    jdbc.sql("""
                                    UPDATE contact_import_row SET status = 'REJECTED',
                                        error = 'CONFLICT: changed by other requests at the same time; send it again'
                                    WHERE import_id = ? AND n BETWEEN ? AND ? AND status = 'NEW'""")
                            .params(claimed.id(), a, b).update();
                    return;
                }
            }
        }
    }
}
