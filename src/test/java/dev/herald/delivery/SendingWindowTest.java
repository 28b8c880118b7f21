package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SendingWindowTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static SendingWindow window(ZoneId zone, String... bounds) {
        List<List<String>> ranges = new java.util.ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            ranges.add(List.of(bounds[i], bounds[i + 1]));
        }
        return SendingWindow.parse(ranges, zone);
    }

    private static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-06-10T12:00, 2026-06-10T12:00", // inside: unchanged
            "2026-06-10T09:00, 2026-06-10T09:00", // start is inclusive
            "2026-06-10T07:15, 2026-06-10T09:00", // before: today's start
            "2026-06-10T21:00, 2026-06-11T09:00", // end is exclusive: tomorrow's start
            "2026-06-10T23:30, 2026-06-11T09:00", // after: tomorrow's start
    })
    void singleDaytimeRange(String at, String expected) {
        SendingWindow window = window(MOSCOW, "09:00", "21:00");

        assertThat(window.nextAllowed(local(at, MOSCOW))).isEqualTo(local(expected, MOSCOW));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-06-10T23:00, 2026-06-10T23:00", // before midnight: inside
            "2026-06-10T03:00, 2026-06-10T03:00", // after midnight: inside yesterday's range
            "2026-06-10T00:00, 2026-06-10T00:00",
            "2026-06-10T06:00, 2026-06-10T22:00", // end is exclusive
            "2026-06-10T12:00, 2026-06-10T22:00", // daytime: tonight's start
    })
    void rangeCrossingMidnight(String at, String expected) {
        SendingWindow window = window(MOSCOW, "22:00", "06:00");

        assertThat(window.nextAllowed(local(at, MOSCOW))).isEqualTo(local(expected, MOSCOW));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-06-10T08:00, 2026-06-10T09:00",
            "2026-06-10T10:00, 2026-06-10T10:00",
            "2026-06-10T12:30, 2026-06-10T14:00", // between ranges: the next one
            "2026-06-10T15:00, 2026-06-10T15:00",
            "2026-06-10T19:00, 2026-06-11T09:00", // after the last: tomorrow's first
    })
    void severalRanges(String at, String expected) {
        // Deliberately not sorted.
        SendingWindow window = window(MOSCOW, "14:00", "18:00", "09:00", "12:00");

        assertThat(window.nextAllowed(local(at, MOSCOW))).isEqualTo(local(expected, MOSCOW));
    }

    @Test
    void noRangesMeansAlwaysAllowed() {
        Instant at = Instant.parse("2026-06-10T01:23:45Z");

        assertThat(SendingWindow.parse(List.of(), MOSCOW).nextAllowed(at)).isEqualTo(at);
    }

    @ParameterizedTest
    @CsvSource({"00:00, 2026-06-10T00:00", "10:00, 2026-06-10T03:00", "10:00, 2026-06-10T10:00",
            "10:00, 2026-06-10T09:59", "10:00, 2026-06-10T23:59"})
    void equalStartAndEndMeanWholeDay(String bound, String at) {
        SendingWindow window = window(MOSCOW, bound, bound);

        assertThat(window.nextAllowed(local(at, MOSCOW))).isEqualTo(local(at, MOSCOW));
    }

    @Test
    void fallBackDayStartsAtLocalTimeWithWinterOffset() {
        // 2026-10-25 in Berlin: 03:00 CEST becomes 02:00 CET.
        SendingWindow window = window(BERLIN, "09:00", "21:00");
        Instant at = OffsetDateTime.parse("2026-10-25T00:30+02:00").toInstant();

        Instant next = window.nextAllowed(at);

        assertThat(next).isEqualTo(OffsetDateTime.parse("2026-10-25T09:00+01:00").toInstant());
        assertThat(next.atZone(BERLIN).toLocalTime()).hasToString("09:00");
    }

    @Test
    void springForwardDayOutsideTheGapKeepsLocalTimes() {
        // 2026-03-29 in Berlin: 02:00 CET becomes 03:00 CEST.
        SendingWindow window = window(BERLIN, "09:00", "21:00");
        Instant at = OffsetDateTime.parse("2026-03-29T01:00+01:00").toInstant();

        assertThat(window.nextAllowed(at)).isEqualTo(OffsetDateTime.parse("2026-03-29T09:00+02:00").toInstant());
    }

    @Test
    void aStartInTheSpringForwardGapBeginsWhenTheGapEnds() {
        SendingWindow window = window(BERLIN, "02:30", "05:00");

        assertThat(window.nextAllowed(OffsetDateTime.parse("2026-03-29T00:00+01:00").toInstant()))
                .isEqualTo(OffsetDateTime.parse("2026-03-29T03:00+02:00").toInstant());
        Instant inside = OffsetDateTime.parse("2026-03-29T03:10+02:00").toInstant();
        assertThat(window.nextAllowed(inside)).isEqualTo(inside);
    }

    @Test
    void zoneMatters() {
        Instant at = Instant.parse("2026-06-10T12:00:00Z"); // 15:00 in Moscow, 08:00 in New York
        List<List<String>> ranges = List.of(List.of("09:00", "21:00"));

        assertThat(SendingWindow.parse(ranges, MOSCOW).nextAllowed(at)).isEqualTo(at);
        assertThat(SendingWindow.parse(ranges, ZoneId.of("America/New_York")).nextAllowed(at))
                .isEqualTo(Instant.parse("2026-06-10T13:00:00Z"));
    }

    @Test
    void pairWithOneElementIsRejectedWithItsIndex() {
        List<List<String>> ranges = List.of(List.of("09:00", "12:00"), List.of("14:00"));

        assertThatThrownBy(() -> SendingWindow.parse(ranges, MOSCOW))
                .isInstanceOfSatisfying(SendingWindow.InvalidRangeException.class,
                        e -> assertThat(e.index()).isEqualTo(1));
    }

    @ParameterizedTest
    @CsvSource({"9am", "25:00", "12-00", "''", "noon", "09:00:30"})
    void timeThatIsNotHhMmIsRejectedWithItsIndex(String bad) {
        List<List<String>> ranges = List.of(List.of("09:00", "12:00"), List.of("14:00", "18:00"),
                List.of("20:00", bad));

        assertThatThrownBy(() -> SendingWindow.parse(ranges, MOSCOW))
                .isInstanceOfSatisfying(SendingWindow.InvalidRangeException.class,
                        e -> assertThat(e.index()).isEqualTo(2));
    }

    @Test
    void nullBoundIsRejectedWithItsIndex() {
        List<List<String>> ranges = List.of(Arrays.asList(null, "12:00"));

        assertThatThrownBy(() -> SendingWindow.parse(ranges, MOSCOW))
                .isInstanceOfSatisfying(SendingWindow.InvalidRangeException.class,
                        e -> assertThat(e.index()).isZero());
    }
}
