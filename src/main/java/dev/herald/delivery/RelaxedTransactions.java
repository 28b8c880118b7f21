package dev.herald.delivery;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions of the delivery engine, committed without waiting for the WAL flush
 * ({@code synchronous_commit = off} for the transaction only). A crash of the database server may lose the
 * last fraction of a second of such commits; what is lost is a status change or a job's completion, so the
 * message is sent or reported again (at-least-once), never dropped. Accepting a message stays fully durable.
 */
@Component
class RelaxedTransactions {

    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    RelaxedTransactions(TransactionTemplate tx, JdbcClient jdbc) {
        this.tx = tx;
        this.jdbc = jdbc;
    }

    <T> T call(Supplier<T> work) {
        return tx.execute(status -> {
            jdbc.sql("SET LOCAL synchronous_commit = off").update();
            return work.get();
        });
    }

    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
