package dev.herald.messaging;

import dev.herald.channel.Channel;
import dev.herald.delivery.MessageStatus;
import dev.herald.web.InvalidRequestException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.UUID;

/**
 * Which messages a listing asks for; null fields do not filter. {@code from} is inclusive, {@code to} exclusive.
 *
 * @param destination the address a message went to, written as the request may write it ({@code +7 900 ...})
 * @param bulkIds     any of these bulks (the console's search by a send task's or broadcast's name)
 */
public record MessageFilter(
        UUID bulkId,
        UUID groupId,
        UUID flowId,
        Set<Channel> channels,
        Set<MessageStatus> statuses,
        OffsetDateTime from,
        OffsetDateTime to,
        String destination,
        Set<UUID> bulkIds) {

    public MessageFilter(UUID bulkId, UUID groupId, UUID flowId, Set<Channel> channels, Set<MessageStatus> statuses,
                         OffsetDateTime from, OffsetDateTime to) {
        this(bulkId, groupId, flowId, channels, statuses, from, to, null, null);
    }

    public MessageFilter(UUID bulkId, UUID groupId, UUID flowId, Set<Channel> channels, Set<MessageStatus> statuses,
                         OffsetDateTime from, OffsetDateTime to, String destination) {
        this(bulkId, groupId, flowId, channels, statuses, from, to, destination, null);
    }

    /** The destination as stored: phone numbers as digits, e-mail domains in lower case; null when blank. */
    String storedDestination() {
        if (destination == null || destination.isBlank()) {
            return null;
        }
        String value = destination.strip();
        String email = value.contains("@") ? Addresses.normalizeEmail(value) : null;
        if (email != null) {
            return email;
        }
        String phone = Addresses.normalizePhone(value);
        return phone != null ? phone : value;
    }

    /** Parses {@code sms,EMAIL} for the {@code channel} parameter; null when absent. */
    public static Set<Channel> parseChannels(String value) {
        return parseList("channel", value, v -> Channel.parse(v).orElse(null), Channel.keys());
    }

    /** Parses {@code DELIVERED,failed} for the {@code status} parameter; null when absent. */
    public static Set<MessageStatus> parseStatuses(String value) {
        return parseList("status", value, v -> Arrays.stream(MessageStatus.values())
                .filter(s -> s.name().equalsIgnoreCase(v)).findFirst().orElse(null),
                Arrays.toString(MessageStatus.values()));
    }

    private static <T> Set<T> parseList(String field, String value, Function<String, T> parse, String known) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<T> parsed = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            T item = parse.apply(part.strip());
            if (item == null) {
                throw new InvalidRequestException(field, "unknown value '" + part.strip() + "'; known: " + known);
            }
            parsed.add(item);
        }
        return parsed;
    }
}
