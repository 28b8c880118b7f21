package dev.herald.channel;

import java.util.concurrent.CompletableFuture;

/**
 * Where providers send {@link DeliveryReport}s; safe to call from any thread, even before the send is recorded.
 * Reports are applied in batches; called inside a transaction, a report is applied in that transaction instead.
 */
public interface DeliveryReports {

    /**
     * Applies a report durably: returns once it is committed, so a provider may acknowledge it (e.g. answer its
     * webhook) once this returns. Throws when it could not be stored.
     */
    void report(DeliveryReport report);

    /**
     * Applies a report without waiting for the disk: a database crash may lose it. Only for providers that
     * send a report again until they see it applied (the sandbox).
     *
     * @return completes when the report is committed, or exceptionally when it could not be stored
     */
    CompletableFuture<Void> reportResendable(DeliveryReport report);
}
