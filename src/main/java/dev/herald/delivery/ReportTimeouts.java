package dev.herald.delivery;

import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import dev.herald.db.EnginePool;
import dev.herald.db.RelaxedTransactions;
import dev.herald.routing.Prices;
import dev.herald.routing.ReportWatch;
import dev.herald.routing.RoutedHandOver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A route's explicit failover on a missing delivery report: a message still SENT when its route's report timeout
 * passed is sent again through the route's next connection, which from then on is the provider the message
 * records (and whose report counts). The recipient may get two copies; routes only do this when asked.
 *
 * <p>Every node sweeps the overdue watches ({@link ReportWatch}) under a short lease, hands the messages over
 * outside any transaction, and records the outcome in one transaction per sweep.
 */
@Component
class ReportTimeouts {

    private static final int BATCH = 200;
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final ReportWatch watch;
    private final RoutedHandOver routes;
    private final Messages messages;
    private final ProviderCall providers;
    private final DeliveryReportReceiver reports;
    private final Prices prices;
    private final RelaxedTransactions tx;
    private final Clock clock;

    ReportTimeouts(ReportWatch watch, RoutedHandOver routes, Messages messages, ProviderCall providers,
                   DeliveryReportReceiver reports, Prices prices, RelaxedTransactions tx, Clock clock) {
        this.watch = watch;
        this.routes = routes;
        this.messages = messages;
        this.providers = providers;
        this.reports = reports;
        this.prices = prices;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${herald.routing.report-sweep:PT5S}", initialDelayString = "PT2S")
    void sweep() {
        EnginePool.run(() -> {
            while (resendBatch() == BATCH) {
                // A full batch: there may be more overdue right now.
            }
        });
    }

    private int resendBatch() {
        Instant now = clock.instant();
        List<ReportWatch.Overdue> overdue = tx.call(() -> watch.leaseOverdue(now, now.plus(LEASE), BATCH));
        if (overdue.isEmpty()) {
            return 0;
        }
        Map<UUID, MessageRow> rows = new HashMap<>();
        messages.findAll(overdue.stream().map(ReportWatch.Overdue::messageId).toList()).forEach(m -> rows.put(m.id(), m));
        List<UUID> forget = new ArrayList<>();
        Map<String, List<MessageRow>> byNext = new LinkedHashMap<>();
        Map<UUID, RoutedHandOver.Next> nextOf = new HashMap<>();
        Map<UUID, String> previous = new HashMap<>();
        Map<UUID, UUID> routeOf = new HashMap<>();
        for (ReportWatch.Overdue o : overdue) {
            MessageRow row = rows.get(o.messageId());
            Optional<RoutedHandOver.Next> next = row == null || row.status() != MessageStatus.SENT
                    ? Optional.empty() : routes.nextAfter(o.accountId(), o.routeId(), row.channel(), o.tried());
            if (next.isEmpty()) {
                forget.add(o.messageId());
            } else {
                nextOf.put(row.id(), next.get());
                previous.put(row.id(), o.tried().getLast());
                routeOf.put(row.id(), o.routeId());
                byNext.computeIfAbsent(next.get().provider(), p -> new ArrayList<>()).add(row);
            }
        }
        Map<UUID, SendResult> results = new HashMap<>();
        Map<UUID, Integer> partsOf = new HashMap<>();
        byNext.forEach((provider, sent) -> {
            List<OutboundMessage> outbound = sent.stream().map(m -> new OutboundMessage(m.id(), m.accountId(),
                    m.channel(), m.address(), m.content(), m.attempts() + 1, m.addressSource())).toList();
            List<SendResult> answered = providers.callAll(provider, outbound);
            for (int i = 0; i < sent.size(); i++) {
                results.put(sent.get(i).id(), answered.get(i));
                partsOf.put(sent.get(i).id(), outbound.get(i).smsParts());
            }
        });
        Instant finished = clock.instant();
        tx.run(() -> {
            List<Messages.Resent> resent = new ArrayList<>();
            List<Messages.EarlierAttempt> attempts = new ArrayList<>();
            List<ReportWatch.Watch> again = new ArrayList<>();
            results.forEach((id, result) -> {
                MessageRow row = rows.get(id);
                RoutedHandOver.Next next = nextOf.get(id);
                String why = "no delivery report from " + previous.get(id) + " within " + next.reportTimeoutSeconds()
                        + " s; ";
                attempts.add(new Messages.EarlierAttempt(id, row.attempts() + 1, next.provider(),
                        Messages.outcomeOf(result), why + Messages.detailOf(result), finished));
                if (result instanceof SendResult.Accepted accepted) {
                    Optional<Prices.Cost> cost = prices.costOf(row.accountId(), next.provider(), row.address(),
                            () -> partsOf.get(id), finished);
                    resent.add(new Messages.Resent(id, next.provider(), accepted.providerMessageId(), accepted.partCount(),
                            cost.map(Prices.Cost::amount).orElse(null), cost.map(Prices.Cost::currency).orElse(null)));
                    again.add(new ReportWatch.Watch(id, row.accountId(), routeOf.get(id), finished.plusSeconds(next.reportTimeoutSeconds()),
                            next.provider()));
                } else {
                    // The first copy may still arrive: it stays SENT under its first provider until it expires.
                    forget.add(id);
                }
            });
            reports.lock(resent.stream().map(Messages.Resent::provider).toList(),
                    resent.stream().map(Messages.Resent::providerMessageId).toList());
            messages.lockFlows(resent.stream().map(Messages.Resent::id).toList());
            messages.recordEarlierAttempts(attempts, "report-timeout");
            reports.applyEarly(messages.markResentAll(resent));
            watch.watchAll(again);
            watch.forget(forget);
        });
        return overdue.size();
    }
}
