package dev.herald.support.tracing;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.UUID;

/**
 * Gives a message's root span the ids {@link MessageTraces} derives from the message id (set for the duration of
 * that one {@code startSpan}); every other span gets random ids.
 */
final class MessageIdGenerator implements IdGenerator {

    static final ThreadLocal<UUID> ROOT = new ThreadLocal<>();

    private final IdGenerator random = IdGenerator.random();

    @Override
    public String generateSpanId() {
        UUID message = ROOT.get();
        return message == null ? random.generateSpanId() : MessageTraces.rootSpanId(message);
    }

    @Override
    public String generateTraceId() {
        UUID message = ROOT.get();
        return message == null ? random.generateTraceId() : MessageTraces.traceId(message);
    }
}
