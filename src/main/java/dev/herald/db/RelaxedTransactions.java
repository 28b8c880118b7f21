package dev.herald.db;

import dev.herald.HeraldProperties;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions committed without waiting for the WAL flush ({@code synchronous_commit = off} for the
 * transaction only), for the delivery engine's bookkeeping. A crash of the database server may lose the last
 * fraction of a second of such commits; what is lost is a status change, a job's completion or a sandbox
 * record, so a message is sent or reported again (at-least-once), never dropped. Accepting a message stays
 * fully durable.
 */
@Component
public class RelaxedTransactions {

    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final Semaphore connections;

    RelaxedTransactions(TransactionTemplate tx, JdbcClient jdbc, HeraldProperties properties) {
        this.tx = tx;
        this.jdbc = jdbc;
        this.connections = new Semaphore(properties.queue().engineConnections(), true);
    }

    /**
     * Runs {@code work} in a relaxed transaction. At most {@code herald.queue.engine-connections} run at once,
     * so that hundreds of sends in flight wait here, on their virtual threads, rather than in the connection
     * pool's queue ahead of API requests.
     */
    public <T> T call(Supplier<T> work) {
        connections.acquireUninterruptibly();
        try {
            // Its connection comes from the engine's own pool (see PoolRouter).
            return EnginePool.call(() -> tx.execute(status -> {
                jdbc.sql("SET LOCAL synchronous_commit = off").update();
                return work.get();
            }));
        } finally {
            connections.release();
        }
    }

    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
