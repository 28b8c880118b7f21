package dev.herald.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How pages write times: in the account's time zone, which every page names. */
record Times(ZoneId zone) {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    public String minutes(Instant at) {
        return at == null ? "—" : MINUTES.format(at.atZone(zone));
    }

    public String seconds(Instant at) {
        return at == null ? "—" : SECONDS.format(at.atZone(zone));
    }

    public String millis(Instant at) {
        return at == null ? "—" : MILLIS.format(at.atZone(zone));
    }
}
