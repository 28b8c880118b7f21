package dev.herald.channel;

/** Where providers send {@link DeliveryReport}s; safe to call from any thread, even before the send is recorded. */
public interface DeliveryReports {

    void report(DeliveryReport report);
}
