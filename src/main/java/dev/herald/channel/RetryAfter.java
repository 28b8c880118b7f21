package dev.herald.channel;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header, for {@link SendResult.TransientFailure#retryAfter()}. */
public final class RetryAfter {

    private RetryAfter() {}

    /** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3); empty when absent or unreadable. */
    public static Optional<Duration> of(HttpResponse<?> response, Clock clock) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(clock.instant(), at.toInstant());
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        });
    }
}
