package dev.herald.delivery;

import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.db.RelaxedTransactions;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies providers' delivery reports to messages. A report can overtake the recording of the send it is
 * about (an SMSC may send a receipt before Herald has stored the submit response), so an unmatched report
 * is parked in {@code early_report} and applied when the send is recorded. Both sides take the same
 * advisory lock, so neither can miss the other.
 */
@Component
class DeliveryReportReceiver implements DeliveryReports {

    private final Messages messages;
    private final StatusUpdates updates;
    private final JdbcClient jdbc;
    private final TransactionTemplate durable;
    private final RelaxedTransactions relaxed;
    private final JsonMapper json;

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
        durable.executeWithoutResult(status -> receive(report));
    }

    @Override
    public void reportResendable(DeliveryReport report) {
        relaxed.run(() -> receive(report));
    }

    private void receive(DeliveryReport report) {
        lock(report.provider(), report.providerMessageId());
        Optional<MessageRow> message = messages.findByProviderId(report.provider(), report.providerMessageId());
        // A report the message it found cannot take may be for a newer send that got a reused id and is not
        // recorded yet: parked too, for that send to take (applyEarly takes only reports newer than its hand-over).
        if (message.isEmpty() || apply(message.get(), report.outcome(), error(report)).isEmpty()) {
            park(report);
        }
    }

    /**
     * Applies reports that arrived before the send was recorded. Call in the transaction that recorded it,
     * after taking {@link #lock} before the message's own locks (the order {@link #report} takes them in).
     */
    void applyEarly(MessageRow sent, String providerMessageId) {
        // Only reports that came after the message was handed over are about this send: an older one is about an
        // earlier send with the same (reused) id, or a repeat that one could not take.
        List<DeliveryReport> early = jdbc.sql("""
                        DELETE FROM early_report WHERE provider = ? AND provider_message_id = ?
                        AND at >= coalesce((SELECT max(e.at) FROM message_status_event e
                                            WHERE e.message_id = ? AND e.status = 'PENDING'), '-infinity')
                        RETURNING status, error, at""")
                .params(sent.provider(), providerMessageId, sent.id())
                .query((rs, i) -> {
                    MessageError error = rs.getString("error") == null ? null
                            : json.readValue(rs.getString("error"), MessageError.class);
                    return new DeliveryReport(sent.provider(), providerMessageId,
                            DeliveryReport.Outcome.valueOf(rs.getString("status")),
                            error == null ? null : error.code(), error == null ? null : error.message());
                })
                .list();
        // Applied in life order (DELIVERED before READ before CLICKED), whatever order they arrived in.
        early.stream()
                .sorted(java.util.Comparator.comparing(report -> MessageStatus.valueOf(report.outcome().name())))
                .forEach(report -> apply(sent, report.outcome(), error(report)));
    }

    /** Reports for sends that were never recorded (the provider's id is unknown) are dropped after a week. */
    @Scheduled(fixedDelayString = "PT1H")
    void dropStaleEarlyReports() {
        jdbc.sql("DELETE FROM early_report WHERE at < now() - interval '7 days'").update();
    }

    private Optional<MessageRow> apply(MessageRow message, DeliveryReport.Outcome outcome, MessageError error) {
        return updates.move(message.id(), MessageStatus.valueOf(outcome.name()), error);
    }

    private void park(DeliveryReport report) {
        MessageError error = error(report);
        jdbc.sql("""
                        INSERT INTO early_report (provider, provider_message_id, status, error)
                        VALUES (?, ?, ?, ?::jsonb)
                        ON CONFLICT (provider, provider_message_id, status) DO UPDATE SET error = EXCLUDED.error, at = now()""")
                .params(report.provider(), report.providerMessageId(), report.outcome().name(),
                        error == null ? null : json.writeValueAsString(error))
                .update();
    }

    /** Serialises a report and the recording of the send it is about. */
    void lock(String provider, String providerMessageId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param(provider + ":" + providerMessageId).query().singleValue();
    }

    private static MessageError error(DeliveryReport report) {
        if (report.errorCode() == null && report.errorText() == null) {
            return null;
        }
        return new MessageError(report.errorCode(), report.errorText());
    }
}
