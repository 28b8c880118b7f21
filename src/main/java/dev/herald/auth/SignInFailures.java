package dev.herald.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code sign_in_throttle} table: failed sign-ins and locks per subject ({@code user:<name>} or
 * {@code address:<ip>}), shared by every node. Not account data: it is written before anyone is signed in.
 */
@Repository
class SignInFailures {

    /** A lock that was just set: until when, and how many locks the subject has had in a row. */
    record Lock(Instant until, int lockouts, int failures) {}

    /** A subject whose last lock ended this long ago starts again from the first, shortest lock. */
    static final Duration FORGET_LOCKOUTS_AFTER = Duration.ofHours(24);

    private final JdbcClient jdbc;

    SignInFailures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest end of a lock on any of {@code subjects} that is still running at {@code now}. */
    Optional<Instant> lockedUntil(List<String> subjects, Instant now) {
        return jdbc.sql("""
                        SELECT max(locked_until) FROM sign_in_throttle
                        WHERE subject = ANY (?) AND locked_until > ?""")
                .params(subjects.toArray(String[]::new), at(now))
                .query((rs, i) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant))
                .single();
    }

    /**
     * Counts one failure of {@code subject}; when that makes {@code limit} within {@code window}, locks it for
     * {@code firstLock} doubled for every lock it has had in a row (at most {@code maxLock}) and starts counting
     * afresh. Two statements, the second guarded by the count, so concurrent failures lock once.
     */
    Optional<Lock> fail(String subject, Instant now, int limit, Duration window, Duration firstLock, Duration maxLock) {
        int failures = jdbc.sql("""
                        INSERT INTO sign_in_throttle AS t (subject, failures, window_start) VALUES (:subject, 1, :now)
                        ON CONFLICT (subject) DO UPDATE SET
                            failures = CASE WHEN t.window_start > :windowStart THEN t.failures + 1 ELSE 1 END,
                            window_start = CASE WHEN t.window_start > :windowStart THEN t.window_start ELSE :now END,
                            lockouts = CASE WHEN t.locked_until < :forgetBefore THEN 0 ELSE t.lockouts END
                        RETURNING failures""")
                .param("subject", subject)
                .param("now", at(now))
                .param("windowStart", at(now.minus(window)))
                .param("forgetBefore", at(now.minus(FORGET_LOCKOUTS_AFTER)))
                .query(Integer.class).single();
        if (failures < limit) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        UPDATE sign_in_throttle
                        SET locked_until = :now + least(:first * power(2, least(lockouts, 30)), :max) * interval '1 second',
                            lockouts = lockouts + 1, failures = 0, window_start = :now
                        WHERE subject = :subject AND failures >= :limit
                        RETURNING locked_until, lockouts""")
                .param("now", at(now))
                .param("first", (double) firstLock.toSeconds())
                .param("max", (double) maxLock.toSeconds())
                .param("subject", subject)
                .param("limit", limit)
                .query((rs, i) -> new Lock(rs.getObject("locked_until", OffsetDateTime.class).toInstant(),
                        rs.getInt("lockouts"), failures))
                .optional();
    }

    /** Forgets a subject's failures and locks (a user who signed in). */
    void clear(String subject) {
        jdbc.sql("DELETE FROM sign_in_throttle WHERE subject = ?").param(subject).update();
    }

    /** Drops subjects with nothing left to remember: no failure in the last day and no lock running or recent. */
    int forgetOlderThan(Instant before) {
        return jdbc.sql("""
                        DELETE FROM sign_in_throttle
                        WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)""")
                .params(at(before), at(before))
                .update();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
