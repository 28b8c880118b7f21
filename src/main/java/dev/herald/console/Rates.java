package dev.herald.console;

import dev.herald.stats.MessageCounts;
import java.util.Locale;

/**
 * The rates reports show beside their counts, both of all messages: delivered (delivered, read or clicked) and
 * failed (failed, undelivered or expired). While a campaign runs the two do not add up to 100 %: the rest is on
 * its way.
 */
record Rates(String delivery, String failure) {

    static Rates of(MessageCounts.Counts counts) {
        return new Rates(percent(counts.delivered(), counts.total()), percent(counts.failed(), counts.total()));
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "—" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }
}
