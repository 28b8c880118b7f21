package dev.herald.channel.sandbox;

import dev.herald.HeraldProperties;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.DefaultSenders;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import dev.herald.db.RelaxedTransactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
    private final DefaultSenders senders;
    private final Duration reportDelay;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sandbox-reports").daemon().factory());

    SandboxProvider(SandboxMessages store, DeliveryReports reports, RelaxedTransactions tx, HeraldProperties properties,
                    DefaultSenders senders) {
        this.store = store;
        this.senders = senders;
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
        return sendAll(List.of(message)).getFirst();
    }

    /** A whole batch stored in one statement, and its receipts sent together after the report delay. */
    @Override
    public List<SendResult> sendAll(List<OutboundMessage> messages) {
        List<SandboxMessages.Received> received = new ArrayList<>(messages.size());
        List<SendResult> results = new ArrayList<>(messages.size());
        List<SandboxMessages.OwedReceipt> receipts = new ArrayList<>();
        for (OutboundMessage message : messages) {
            Outcome outcome = Outcome.forAddress(message.address());
            // The outbox shows who the message is from as a real provider would send it.
            Map<String, Object> content = new LinkedHashMap<>(message.content());
            content.put("from", senders.resolve(message.string("from"), null, message.accountId()));
            if (outcome == Outcome.REJECTED) {
                received.add(new SandboxMessages.Received(message, content, outcome, null));
                results.add(new SendResult.PermanentFailure("SANDBOX_REJECTED", "The sandbox refuses addresses ending in 9"));
                continue;
            }
            // For the chat channel this id doubles as the chat session id, as in TWIN's statistics.
            String providerMessageId = UUID.randomUUID().toString();
            received.add(new SandboxMessages.Received(message, content, outcome, providerMessageId));
            if (outcome != Outcome.SILENT) {
                receipts.add(new SandboxMessages.OwedReceipt(providerMessageId, outcome));
            }
            // Parts as an SMSC would count them, so that what a text costs can be tried here too.
            results.add(new SendResult.Accepted(providerMessageId, message.smsParts()));
        }
        // What a fake provider keeps need not wait for the disk.
        tx.run(() -> store.saveAll(received));
        if (!receipts.isEmpty()) {
            timer.schedule(() -> Thread.ofVirtual().start(() -> report(receipts)), reportDelay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return results;
    }

    /**
     * Sends again the receipts that were never applied, e.g. because the node that owed them died, as a real
     * provider resends receipts until they are acknowledged. Applying a receipt twice changes nothing.
     */
    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void redeliverReceipts() {
        long olderThan = Math.max(reportDelay.toMillis() * 2, 5_000);
        report(store.owed(olderThan, 1000));
    }

    /** Reports receipts, then marks the ones that were applied, in one statement. */
    private void report(List<SandboxMessages.OwedReceipt> receipts) {
        List<CompletableFuture<Void>> applied = new ArrayList<>(receipts.size());
        for (SandboxMessages.OwedReceipt receipt : receipts) {
            DeliveryReport.Outcome reported = receipt.outcome() == Outcome.UNDELIVERED
                    ? DeliveryReport.Outcome.UNDELIVERED : DeliveryReport.Outcome.DELIVERED;
            String errorCode = reported == DeliveryReport.Outcome.UNDELIVERED ? "SANDBOX_UNDELIVERED" : null;
            String errorText = errorCode == null ? null : "The sandbox does not deliver to addresses ending in 0";
            // Resendable: until marked reported, redeliverReceipts() sends it again.
            applied.add(reports.reportResendable(
                    new DeliveryReport(NAME, receipt.providerMessageId(), reported, errorCode, errorText)));
        }
        List<String> reported = new ArrayList<>(receipts.size());
        for (int i = 0; i < receipts.size(); i++) {
            try {
                applied.get(i).join();
                reported.add(receipts.get(i).providerMessageId());
            } catch (RuntimeException e) {
                log.warn("Sandbox could not report on {}: {}", receipts.get(i).providerMessageId(), e.toString());
            }
        }
        if (!reported.isEmpty()) {
            try {
                tx.run(() -> store.markReported(reported));
            } catch (RuntimeException e) {
                log.warn("Sandbox could not mark {} receipts reported: {}", reported.size(), e.toString());
            }
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
