package dev.herald.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code expiry_sweep} row: how far the validity-expiry sweep has walked the expiry index ({@code message_expiry},
 * in {@code (expires_at, id)} order), and its floor.
 *
 * <p>The floor makes a cursor safe. A transaction that records SENT holds the floor lock ({@link #HOLD_FLOOR}, shared)
 * from before it reads {@code floor_at} until it commits, and gives each message {@code greatest(valid_until,
 * floor_at)}. Raising the floor takes the lock exclusively, so it waits for those transactions to commit: afterwards
 * every row with an {@code expires_at} below the new floor is committed and visible, and every later one has an
 * {@code expires_at} at or above it. The sweep looks only below the floor, and never behind its cursor.
 */
@Repository
class ExpirySweeps {

    /** The floor lock, shared: a SQL expression to select in the transaction that records SENT. */
    static final String HOLD_FLOOR = "pg_advisory_xact_lock_shared(hashtext('herald.expiry_floor'))";

    private final JdbcClient jdbc;

    ExpirySweeps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Where the sweep stands: every entry up to {@code (sweptAt, sweptId)} was looked at; none below the floor is missing. */
    record Cursor(Instant floor, Instant sweptAt, UUID sweptId) {}

    /**
     * Raises the floor to just after {@code now} (expires_at <= now is then below it), once every transaction that
     * read the old floor has committed. False when another node is sweeping: it holds the row. Call in its own
     * short transaction, before the sweep's batches.
     */
    boolean raiseFloor(Instant now) {
        if (lock().isEmpty()) {
            return false;
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('herald.expiry_floor'))").query().listOfRows();
        jdbc.sql("UPDATE expiry_sweep SET floor_at = greatest(floor_at, ?)")
                .param(Timestamp.from(now.truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS)))
                .update();
        return true;
    }

    /** The cursor, locked until the transaction ends; empty when another node holds it. */
    Optional<Cursor> lock() {
        return jdbc.sql("SELECT floor_at, swept_at, swept_id FROM expiry_sweep FOR UPDATE SKIP LOCKED")
                .query((rs, i) -> new Cursor(rs.getTimestamp("floor_at").toInstant(),
                        rs.getTimestamp("swept_at").toInstant(), rs.getObject("swept_id", UUID.class)))
                .optional();
    }

    /** Moves the cursor to an entry looked at; call with the row locked by {@link #lock}. */
    void advance(Instant sweptAt, UUID sweptId) {
        jdbc.sql("UPDATE expiry_sweep SET swept_at = ?, swept_id = ?").params(Timestamp.from(sweptAt), sweptId).update();
    }
}
