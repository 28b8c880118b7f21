package dev.herald.support.tracing;

import java.util.UUID;
import org.slf4j.MDC;

/**
 * Names the message a thread works on in its log lines: MDC {@code messageId} and {@code traceId} (the message's
 * trace, {@link MessageTraces#traceId}), printed by {@code logging.pattern.correlation} in application.yml.
 */
public final class MessageLogContext {

    private MessageLogContext() {}

    public static void put(UUID messageId) {
        MDC.put("messageId", messageId.toString());
        MDC.put("traceId", MessageTraces.traceId(messageId));
    }

    public static void clear() {
        MDC.remove("messageId");
        MDC.remove("traceId");
    }
}
