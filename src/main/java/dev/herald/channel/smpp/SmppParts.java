package dev.herald.channel.smpp;

import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReport.Outcome;
import dev.herald.channel.DeliveryReports;
import dev.herald.db.RelaxedTransactions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The smpp_part table: the SMSC's message_id of every part Herald submitted, and the final receipt of each.
 * A message is reported once its parts decide it: DELIVERED when every part is delivered, or the outcome of
 * the first part (by number) that failed as soon as one does, since a phone cannot show a long SMS with a part
 * missing. Its provider message id is the first part's message_id.
 * <p>
 * Receipts may come before the submit is recorded here (the SMSC answers submit_sm and sends the receipt
 * back to back, possibly on another node's session), so each side upserts its half of a part's row and then
 * decides, under a lock per message so that two parts' receipts never both miss each other.
 * <p>
 * SMSCs reuse message ids (a counter that restarts with the SMSC, or wraps), so a part's row may be an earlier
 * message's when a receipt for the new one comes. Such a receipt is held aside (later_*) until the new submit
 * is recorded and takes it, and the new message's report waits {@link #REPORT_DELAY} so that it is made once
 * the engine has recorded the new send (a report finds the latest send with its id).
 */
@Repository
class SmppParts {

    /**
     * How much earlier than its submit's recorded hand-over a held receipt may have come and still be taken as
     * that submit's: the submit_sm went out a little before Herald measured it.
     */
    private static final long LATER_RECEIPT_MARGIN_MILLIS = 1_000;
    /**
     * A receipt for a part submitted longer ago than this, still waiting for its receipt, is held for
     * {@link #HOLD}: the SMSC may have reused the id for a submit in flight right now (after a restart that lost
     * the earlier message's receipt), whose recording would take it.
     */
    static final Duration HOLD_AFTER = Duration.ofSeconds(2);
    /** How long such a receipt waits for a new submit of its id before it is applied to the earlier message. */
    static final Duration HOLD = Duration.ofSeconds(2);
    /** How long the report of a message with a reused id waits, so the engine has recorded it as sent. */
    static final Duration REPORT_DELAY = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final DeliveryReports reports;
    private final TransactionTemplate durable;
    private final RelaxedTransactions relaxed;

    SmppParts(JdbcClient jdbc, DeliveryReports reports, TransactionTemplate durable, RelaxedTransactions relaxed) {
        this.jdbc = jdbc;
        this.reports = reports;
        this.durable = durable;
        this.relaxed = relaxed;
    }

    /**
     * Records the parts of a message the SMSC accepted, in order, and applies receipts that came first.
     *
     * @param firstSubmitNanos {@link System#nanoTime} just before the first part's submit_sm went out: a held
     *                         receipt counts for this message only if it came after that
     */
    void recordSubmitted(String provider, List<String> partIds, long firstSubmitNanos) {
        List<String> ids = partIds.stream().distinct().toList();
        String messageId = ids.getFirst();
        String[] idArray = ids.toArray(String[]::new);
        // Relaxed like the rest of the send's bookkeeping: lost only with the send's own record, which resends.
        relaxed.run(() -> {
            long sinceSubmitMillis = (System.nanoTime() - firstSubmitNanos) / 1_000_000 + LATER_RECEIPT_MARGIN_MILLIS;
            // A receipt held for an earlier message that came before this submit went out is that message's:
            // applied to it before its rows are taken over.
            jdbc.sql("""
                            UPDATE smpp_part SET outcome = later_outcome, error_code = later_error_code,
                                                 error_text = later_error_text, later_outcome = NULL,
                                                 later_error_code = NULL, later_error_text = NULL, later_at = NULL
                            WHERE provider = ? AND part_id = ANY(?::text[]) AND outcome IS NULL
                              AND message_id IS NOT NULL AND later_at < clock_timestamp() - ? * interval '1 ms'
                            RETURNING message_id""")
                    .params(provider, idArray, sinceSubmitMillis)
                    .query(String.class).list().stream().distinct()
                    .forEach(earlier -> decide(provider, earlier));
            // Parts of an earlier message with the same first id that this one does not reuse are not this one's.
            jdbc.sql("DELETE FROM smpp_part WHERE provider = ? AND message_id = ? AND part_id <> ALL(?::text[])")
                    .params(provider, messageId, idArray)
                    .update();
            // A row with a message_id is an earlier message's whose id the SMSC reuses: start afresh, with the
            // receipt held for it if that came after this submit went out, and report only after REPORT_DELAY.
            List<String> outcomes = jdbc.sql("""
                            INSERT INTO smpp_part (provider, part_id, message_id, part_number, part_count)
                            SELECT :provider, p.id, :messageId, p.n, :count FROM unnest(:ids::text[]) WITH ORDINALITY AS p(id, n)
                            ON CONFLICT (provider, part_id) DO UPDATE
                            SET message_id = EXCLUDED.message_id, part_number = EXCLUDED.part_number,
                                part_count = EXCLUDED.part_count,
                                outcome = CASE WHEN smpp_part.message_id IS NULL THEN smpp_part.outcome
                                               WHEN smpp_part.later_at >= clock_timestamp() - :since * interval '1 ms'
                                               THEN smpp_part.later_outcome END,
                                error_code = CASE WHEN smpp_part.message_id IS NULL THEN smpp_part.error_code
                                                  WHEN smpp_part.later_at >= clock_timestamp() - :since * interval '1 ms'
                                                  THEN smpp_part.later_error_code END,
                                error_text = CASE WHEN smpp_part.message_id IS NULL THEN smpp_part.error_text
                                                  WHEN smpp_part.later_at >= clock_timestamp() - :since * interval '1 ms'
                                                  THEN smpp_part.later_error_text END,
                                later_outcome = NULL, later_error_code = NULL, later_error_text = NULL, later_at = NULL,
                                report_after = CASE WHEN smpp_part.message_id IS NOT NULL
                                                    THEN clock_timestamp() + :delay * interval '1 ms' END,
                                at = now()
                            RETURNING outcome""")
                    .param("provider", provider)
                    .param("messageId", messageId)
                    .param("count", ids.size())
                    .param("ids", idArray)
                    .param("since", sinceSubmitMillis)
                    .param("delay", REPORT_DELAY.toMillis())
                    .query(String.class).list();
            if (outcomes.stream().anyMatch(o -> o != null)) {
                decide(provider, messageId);
            }
        });
    }

    /**
     * Records a part's final receipt and reports the message if that decides it; durable, so the SMSC's
     * deliver_sm may be answered once this returns. The same receipt twice changes nothing.
     * <p>
     * Two kinds of receipt are held aside (later_*) instead, because the SMSC may have reused the part's id for
     * a new submit not recorded yet, which then takes it ({@link #recordSubmitted}): one for a part already
     * decided (else a repeat, dropped with the row), and one for a part submitted more than {@link #HOLD_AFTER}
     * ago (else applied to that part after {@link #HOLD}, by {@link #decideHeld}).
     */
    void receive(String provider, String partId, Outcome outcome, String errorCode, String errorText) {
        durable.executeWithoutResult(status -> {
            List<String> taken = jdbc.sql("""
                            INSERT INTO smpp_part (provider, part_id, outcome, error_code, error_text)
                            VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT (provider, part_id) DO UPDATE
                            SET outcome = EXCLUDED.outcome, error_code = EXCLUDED.error_code, error_text = EXCLUDED.error_text
                            WHERE smpp_part.outcome IS NULL
                              AND (smpp_part.message_id IS NULL OR smpp_part.at >= clock_timestamp() - ? * interval '1 ms')
                            RETURNING message_id""")
                    .params(provider, partId, outcome.name(), errorCode, errorText, HOLD_AFTER.toMillis())
                    .query(String.class).list();
            if (taken.isEmpty()) {
                jdbc.sql("""
                                UPDATE smpp_part SET later_outcome = ?, later_error_code = ?, later_error_text = ?,
                                                     later_at = clock_timestamp()
                                WHERE provider = ? AND part_id = ? AND message_id IS NOT NULL""")
                        .params(outcome.name(), errorCode, errorText, provider, partId)
                        .update();
            } else if (taken.getFirst() != null) {
                decide(provider, taken.getFirst());
            }
        });
    }

    /**
     * Applies held receipts that no new submit of their id took within {@link #HOLD} to the part they name, and
     * makes the reports that waited for {@link #REPORT_DELAY}.
     */
    @Scheduled(fixedDelayString = "PT1S")
    void decideHeld() {
        record Due(String provider, String messageId) {}
        durable.executeWithoutResult(status -> {
            List<Due> held = jdbc.sql("""
                            UPDATE smpp_part SET outcome = later_outcome, error_code = later_error_code,
                                                 error_text = later_error_text, later_outcome = NULL,
                                                 later_error_code = NULL, later_error_text = NULL, later_at = NULL
                            WHERE outcome IS NULL AND message_id IS NOT NULL
                              AND later_at < clock_timestamp() - ? * interval '1 ms'
                            RETURNING provider, message_id""")
                    .param(HOLD.toMillis())
                    .query((rs, i) -> new Due(rs.getString("provider"), rs.getString("message_id")))
                    .list();
            List<Due> waited = jdbc.sql("""
                            UPDATE smpp_part SET report_after = NULL
                            WHERE report_after < clock_timestamp()
                            RETURNING provider, message_id""")
                    .query((rs, i) -> new Due(rs.getString("provider"), rs.getString("message_id")))
                    .list();
            Stream.concat(held.stream(), waited.stream()).distinct()
                    .forEach(due -> decide(due.provider(), due.messageId()));
        });
    }

    private record Part(int number, int count, String outcome, String errorCode, String errorText, boolean waiting) {}

    private void decide(String provider, String messageId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("smpp:" + provider + ":" + messageId).query().singleValue();
        List<Part> parts = jdbc.sql("""
                        SELECT part_number, part_count, outcome, error_code, error_text,
                               coalesce(report_after > clock_timestamp(), false) AS waiting
                        FROM smpp_part WHERE provider = ? AND message_id = ? ORDER BY part_number""")
                .params(provider, messageId)
                .query((rs, i) -> new Part(rs.getInt("part_number"), rs.getInt("part_count"), rs.getString("outcome"),
                        rs.getString("error_code"), rs.getString("error_text"), rs.getBoolean("waiting")))
                .list();
        if (parts.isEmpty() || parts.stream().anyMatch(Part::waiting)) {
            // A reused id whose new send may not be recorded yet: decideHeld reports it after REPORT_DELAY.
            return;
        }
        int count = parts.getFirst().count();
        for (Part part : parts) {
            if (part.outcome() != null && !Outcome.DELIVERED.name().equals(part.outcome())) {
                String text = count > 1 ? "Part " + part.number() + " of " + count + ": " + part.errorText() : part.errorText();
                reports.report(new DeliveryReport(provider, messageId, Outcome.valueOf(part.outcome()), part.errorCode(), text));
                return;
            }
        }
        if (parts.size() == count && parts.stream().allMatch(p -> p.outcome() != null)) {
            reports.report(new DeliveryReport(provider, messageId, Outcome.DELIVERED, null, null));
        }
    }

    /** Receipts come within the SMSC's validity period, days at most; a week later a part is history. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void dropOld() {
        jdbc.sql("DELETE FROM smpp_part WHERE at < now() - interval '7 days'").update();
    }
}
