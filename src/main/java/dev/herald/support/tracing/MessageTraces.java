package dev.herald.support.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One trace per message: its trace id is the message id, and its root span ({@code herald.intake}) has a span id
 * derived from it, so every later step (the send after the queue hop, status changes from reports, the callback)
 * joins the trace from the message id alone, on any node: the id is the stored trace context, and nothing more is
 * written. With tracing off ({@link #OFF}) every call returns at its first check.
 */
public final class MessageTraces {

    /** Tracing off: no spans, no allocations beyond the check. */
    public static final MessageTraces OFF = new MessageTraces(null, null);

    private final Tracer tracer;
    private final Sampler sampler;

    MessageTraces(Tracer tracer, Sampler sampler) {
        this.tracer = tracer;
        this.sampler = sampler;
    }

    public boolean enabled() {
        return tracer != null;
    }

    /** The message's trace id: its UUID's 32 hex digits. */
    public static String traceId(UUID messageId) {
        return hex(messageId.getMostSignificantBits()) + hex(messageId.getLeastSignificantBits());
    }

    /** The span id of the message's root span (never zero, so always valid). */
    static String rootSpanId(UUID messageId) {
        long mixed = (messageId.getMostSignificantBits() * 0x9E3779B97F4A7C15L) ^ messageId.getLeastSignificantBits();
        return hex(mixed == 0 ? 1 : mixed);
    }

    /** The W3C {@code traceparent} of the message's root span, for requests made on its behalf (callbacks). */
    public String traceparent(UUID messageId) {
        return "00-" + traceId(messageId) + "-" + rootSpanId(messageId) + "-" + (sampled(messageId) ? "01" : "00");
    }

    /** Records the root span of a message, from its acceptance ({@code startEpochNanos}) to now. */
    public void intake(UUID messageId, long startEpochNanos, Attributes attributes) {
        if (tracer == null) {
            return;
        }
        SpanBuilder builder = tracer.spanBuilder("herald.intake").setNoParent().setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS).setAllAttributes(attributes)
                .setAttribute("herald.message_id", messageId.toString());
        Span span;
        MessageIdGenerator.ROOT.set(messageId);
        try {
            span = builder.startSpan();
        } finally {
            MessageIdGenerator.ROOT.remove();
        }
        span.end();
    }

    /**
     * Starts a span of a later step of the message, a child of its root span; the caller ends it. With tracing off
     * it is {@link Span#getInvalid()}, whose methods do nothing.
     */
    public Span start(UUID messageId, String name, SpanKind kind) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        SpanContext root = SpanContext.createFromRemoteParent(traceId(messageId), rootSpanId(messageId),
                sampled(messageId) ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        return tracer.spanBuilder(name).setParent(Context.root().with(Span.wrap(root))).setSpanKind(kind)
                .setAttribute("herald.message_id", messageId.toString()).startSpan();
    }

    /** The same decision the root span got: the ratio sampler decides by the trace id alone. */
    private boolean sampled(UUID messageId) {
        return sampler.shouldSample(Context.root(), traceId(messageId), "herald.intake", SpanKind.SERVER,
                Attributes.empty(), List.of()).getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
