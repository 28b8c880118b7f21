package dev.herald.console;

import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

/** The time zones a form offers in its picker: UTC and every Region/City zone id, alphabetically. */
final class Zones {

    static final List<String> IDS = Stream.concat(Stream.of("UTC"), ZoneId.getAvailableZoneIds().stream()
                    .filter(id -> id.matches(
                            "(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
                    .sorted())
            .toList();

    private Zones() {}
}
