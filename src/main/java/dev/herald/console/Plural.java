package dev.herald.console;

import java.util.Locale;

/** Counts in words people read: "1 row", "12 000 messages", "no sessions". */
final class Plural {

    private Plural() {}

    static String of(long count, String one, String many) {
        if (count == 0) {
            return "no " + many;
        }
        // A space groups the thousands, as in "12 000", whatever the server's locale.
        return String.format(Locale.ROOT, "%,d", count).replace(',', ' ') + " " + (count == 1 ? one : many);
    }
}
