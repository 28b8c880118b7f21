package dev.herald.channel.sandbox;

import dev.herald.HeraldProperties;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import dev.herald.db.RelaxedTransactions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The built-in provider for every channel, so cascades can be tried without any external account. It keeps
 * what it "sent" (see {@code GET /api/v1/sandbox/messages}) and decides outcomes by the address's last
 * character before any {@code @}:
 * <ul>
 *   <li>{@code 9}: refused at send with a permanent error (FAILED);</li>
 *   <li>{@code 0}: accepted, then reported UNDELIVERED;</li>
 *   <li>{@code 8}: accepted and never reported, so the message EXPIRES at the end of its validity;</li>
 *   <li>anything else: accepted, then reported DELIVERED.</li>
 * </ul>
 * Reports come {@code herald.sandbox.report-delay} after the send, as a real provider's receipts would, and
 * are sent again until applied.
 */
@Component
public class SandboxProvider implements ChannelProvider, DisposableBean {

    public static final String NAME = "sandbox";
    private static final Logger log = LoggerFactory.getLogger(SandboxProvider.class);

    private final SandboxMessages store;
    private final DeliveryReports reports;
    private final RelaxedTransactions tx;
    private final Duration reportDelay;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sandbox-reports").daemon().factory());

    SandboxProvider(SandboxMessages store, DeliveryReports reports, RelaxedTransactions tx, HeraldProperties properties) {
        this.store = store;
        this.reports = reports;
        this.tx = tx;
        this.reportDelay = properties.sandbox().reportDelay();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Channel channel) {
        return true;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        Outcome outcome = Outcome.forAddress(message.address());
        if (outcome == Outcome.REJECTED) {
            tx.run(() -> store.save(message, outcome, null));
            return new SendResult.PermanentFailure("SANDBOX_REJECTED",
                    "The sandbox refuses addresses ending in 9");
        }
        // For the chat channel this id doubles as the chat session id, as in TWIN's statistics.
        String providerMessageId = UUID.randomUUID().toString();
        // What a fake provider keeps need not wait for the disk.
        tx.run(() -> store.save(message, outcome, providerMessageId));
        if (outcome != Outcome.SILENT) {
            timer.schedule(() -> report(providerMessageId, outcome), reportDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
        // Parts as an SMSC would count them, so that what a text costs can be tried here too.
        return new SendResult.Accepted(providerMessageId, message.smsParts());
    }

    /**
     * Sends again the receipts that were never applied, e.g. because the node that owed them died, as a real
     * provider resends receipts until they are acknowledged. Applying a receipt twice changes nothing.
     */
    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void redeliverReceipts() {
        long olderThan = Math.max(reportDelay.toMillis() * 2, 5_000);
        store.owed(olderThan, 1000).forEach(owed -> report(owed.providerMessageId(), owed.outcome()));
    }

    private void report(String providerMessageId, Outcome outcome) {
        DeliveryReport.Outcome reported = outcome == Outcome.UNDELIVERED
                ? DeliveryReport.Outcome.UNDELIVERED : DeliveryReport.Outcome.DELIVERED;
        String errorCode = reported == DeliveryReport.Outcome.UNDELIVERED ? "SANDBOX_UNDELIVERED" : null;
        String errorText = errorCode == null ? null : "The sandbox does not deliver to addresses ending in 0";
        try {
            // Resendable: until marked reported, redeliverReceipts() sends it again.
            reports.reportResendable(new DeliveryReport(NAME, providerMessageId, reported, errorCode, errorText));
            tx.run(() -> store.markReported(providerMessageId));
        } catch (RuntimeException e) {
            log.warn("Sandbox could not report {} for {}: {}", reported, providerMessageId, e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    /** The sandbox's rule, by the address's last character before any {@code @}. */
    enum Outcome {
        DELIVERED, UNDELIVERED, SILENT, REJECTED;

        static Outcome forAddress(String address) {
            int at = address.indexOf('@');
            String local = (at >= 0 ? address.substring(0, at) : address).strip();
            char last = local.isEmpty() ? ' ' : local.charAt(local.length() - 1);
            return switch (last) {
                case '9' -> REJECTED;
                case '0' -> UNDELIVERED;
                case '8' -> SILENT;
                default -> DELIVERED;
            };
        }
    }
}
