package dev.herald.routing;

import dev.herald.channel.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An account's route for a channel: the connections its messages may go through, in order or by weight, for
 * destinations starting with {@code prefix} ('' for all). The longest matching prefix of the channel wins.
 *
 * @param reportTimeoutSeconds when set, a sent message without a delivery report after this long is sent again
 *                             through the next connection (the recipient may get two copies)
 * @param minDeliveryRate      when set, a connection whose live delivery rate is below it loses most of its weight
 */
public record Route(
        UUID id,
        UUID accountId,
        Channel channel,
        String prefix,
        Mode mode,
        List<Entry> entries,
        Integer reportTimeoutSeconds,
        Double minDeliveryRate,
        Instant createdAt,
        Instant updatedAt) {

    public enum Mode { ORDERED, WEIGHTED }

    /** One connection of a route; {@code weight} counts in WEIGHTED routes only. */
    public record Entry(UUID connectionId, int weight) {}

    public Route {
        entries = List.copyOf(entries);
    }

    boolean matches(String address) {
        return prefix.isEmpty() || (address != null && Prefixes.digits(address).startsWith(prefix));
    }
}
