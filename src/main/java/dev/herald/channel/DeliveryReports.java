package dev.herald.channel;

/** Where providers send {@link DeliveryReport}s; safe to call from any thread, even before the send is recorded. */
public interface DeliveryReports {

    /** Applies a report durably: a provider may acknowledge it (e.g. answer its webhook) once this returns. */
    void report(DeliveryReport report);

    /**
     * Applies a report without waiting for the disk: a database crash may lose it. Only for providers that
     * send a report again until they see it applied (the sandbox).
     */
    void reportResendable(DeliveryReport report);
}
