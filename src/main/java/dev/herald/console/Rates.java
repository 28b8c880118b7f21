package dev.herald.console;

import dev.herald.stats.MessageCounts;
import java.util.Locale;

/**
 * The rates reports show beside their counts. Delivery rate: delivered of what providers accepted (a message still
 * waiting for its provider is not a failure of delivery); failure rate: failed of all messages.
 */
record Rates(String delivery, String failure) {

    static Rates of(MessageCounts.Counts counts) {
        return new Rates(percent(counts.delivered(), counts.sent()), percent(counts.failed(), counts.total()));
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "—" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }
}
