package dev.herald.delivery;

import dev.herald.channel.ChannelProvider;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import dev.herald.provider.ChannelRoutes;
import dev.herald.provider.ProviderRegistry;
import dev.herald.routing.ConnectionHealth;
import dev.herald.routing.RoutedHandOver;
import dev.herald.support.tracing.MessageLogContext;
import dev.herald.support.tracing.MessageTraces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one way out to a provider: resolves the provider a message recorded (a configured one or an account's
 * connection), applies its rate limits, times the call and records it in {@code herald.provider.calls}, and turns
 * anything thrown, including a provider that can no longer be resolved, into a {@link SendResult.TransientFailure}.
 * Never throws. Runs outside any transaction.
 *
 * <p>Rate limits are a separate step ({@link #admit}) because a message a limit holds back must still be
 * waiting, and cancellable, when it is put back: callers admit first, then mark the message as being handed over,
 * then {@link #call}.
 */
@Component
public class ProviderCall {

    private static final Logger log = LoggerFactory.getLogger(ProviderCall.class);

    private final ProviderRegistry providers;
    private final RateLimits rateLimits;
    private final DeliveryMetrics metrics;
    private final ConnectionHealth health;
    private final RoutedHandOver routed;
    private final RoutedHandOver.Connections direct = new RoutedHandOver.Connections() {
        @Override
        public Optional<Duration> admit(String provider, String address) {
            return ProviderCall.this.admit(provider, address);
        }

        @Override
        public List<SendResult> callAll(String provider, List<OutboundMessage> messages) {
            return ProviderCall.this.callAll(provider, messages);
        }
    };

    private final MessageTraces traces;

    ProviderCall(ProviderRegistry providers, RateLimits rateLimits, DeliveryMetrics metrics, ConnectionHealth health,
                 RoutedHandOver routed, MessageTraces traces) {
        this.traces = traces;
        this.providers = providers;
        this.rateLimits = rateLimits;
        this.metrics = metrics;
        this.health = health;
        this.routed = routed;
    }

    /**
     * Hands messages to the provider they recorded; messages that recorded their account's route go to its
     * connections, failing over between them ({@link RoutedHandOver}). One outcome per message, in order, with
     * the provider that gave it.
     */
    public List<RoutedHandOver.Routed> handOver(String provider, List<OutboundMessage> messages) {
        if (ChannelRoutes.isRouteName(provider)) {
            return routed.sendAll(messages, direct);
        }
        return callAll(provider, messages).stream()
                .map(result -> new RoutedHandOver.Routed(result, provider, List.of(), null, null)).toList();
    }

    /**
     * Takes one message's capacity from {@code provider}'s limits for {@code address}, waiting for it on this
     * (virtual) thread when the wait is short.
     *
     * @return empty when the message may go now, else how long to put it back for
     */
    public Optional<Duration> admit(String provider, String address) {
        try {
            return rateLimits.acquire(provider, address);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Duration.ZERO);
        }
    }

    /** Hands one message to {@code provider}, the name the message recorded. */
    public SendResult call(String provider, OutboundMessage message) {
        return callAll(provider, List.of(message)).getFirst();
    }

    /**
     * Hands several messages to one provider in one call ({@link ChannelProvider#sendAll}): one result per
     * message, in order. Each message's call is timed as the whole call took.
     */
    public List<SendResult> callAll(String provider, List<OutboundMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        if (ChannelRoutes.isRouteName(provider)) {
            return handOver(provider, messages).stream().map(RoutedHandOver.Routed::result).toList();
        }
        long started = System.nanoTime();
        String name = provider;
        List<SendResult> results;
        Span[] spans = traces.enabled() ? startSpans(messages) : null;
        // What the adapter logs about a single message names it (and its trace: the message id's hex digits).
        boolean single = messages.size() == 1;
        if (single) {
            MessageLogContext.put(messages.getFirst().messageId());
        }
        try {
            ChannelProvider resolved = providers.byName(provider);
            name = resolved.name();
            results = resolved.sendAll(messages);
            if (results.size() != messages.size()) {
                throw new IllegalStateException("Provider " + provider + " returned " + results.size() + " results for "
                        + messages.size() + " messages");
            }
        } catch (RuntimeException e) {
            log.warn("Provider {} failed on {} message(s) (first {}, account {}): {}", provider, messages.size(),
                    messages.getFirst().messageId(), messages.getFirst().accountId(), e.toString());
            results = Collections.nCopies(messages.size(), new SendResult.TransientFailure("Provider error: " + e, null));
        } finally {
            if (single) {
                MessageLogContext.clear();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        for (int i = 0; i < messages.size(); i++) {
            metrics.handedOver(name, messages.get(i).channel(), results.get(i), took);
        }
        health.recordCall(provider, results, took);
        if (spans != null) {
            endSpans(spans, name, messages, results);
        }
        return results;
    }

    private Span[] startSpans(List<OutboundMessage> messages) {
        Span[] spans = new Span[messages.size()];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = traces.start(messages.get(i).messageId(), "herald.send", SpanKind.CLIENT)
                    .setAttribute("herald.channel", messages.get(i).channel().name())
                    .setAttribute("herald.attempt", messages.get(i).attempt())
                    .setAttribute("herald.batch_size", messages.size());
        }
        return spans;
    }

    private static void endSpans(Span[] spans, String provider, List<OutboundMessage> messages, List<SendResult> results) {
        for (int i = 0; i < spans.length; i++) {
            SendResult result = results.get(i);
            spans[i].setAttribute("herald.provider", provider)
                    .setAttribute("herald.outcome", result.getClass().getSimpleName());
            if (!(result instanceof SendResult.Accepted)) {
                spans[i].setStatus(StatusCode.ERROR, result.getClass().getSimpleName());
            }
            spans[i].end();
        }
    }

    /**
     * Whether {@code provider} reports what became of accepted messages, so that they wait for the report until
     * the end of their validity; a provider that cannot be resolved is taken to report.
     */
    public boolean reportsDelivery(String provider) {
        try {
            return providers.byName(provider).reportsDelivery();
        } catch (RuntimeException e) {
            return true;
        }
    }
}
